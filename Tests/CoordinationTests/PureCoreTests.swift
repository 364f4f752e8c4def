import Coordination
import Testing

@Suite struct ElectionRulesTests {
    @Test func membersAreLabelledNumberedChildrenInSequenceOrder() {
        let children = ["json.info_0000000010", "log_replicas", "json.info_0000000002", "info_0000000001", "json.info_", "json.info_12a", "json.info_0000000007"]
        let members = Election.members(of: children, label: "json.info")
        #expect(members.map(\.name) == ["json.info_0000000002", "json.info_0000000007", "json.info_0000000010"])
        #expect(members.map(\.sequence) == [2, 7, 10])
    }

    @Test func standingFollowsTheNextLowerMember() {
        let members = Election.members(of: ["json.info_0000000003", "json.info_0000000001", "json.info_0000000002"], label: "json.info")
        #expect(Election.standing(of: "json.info_0000000001", among: members) == .leader)
        #expect(Election.standing(of: "json.info_0000000002", among: members) == .follower(predecessor: "json.info_0000000001"))
        #expect(Election.standing(of: "json.info_0000000003", among: members) == .follower(predecessor: "json.info_0000000002"))
        #expect(Election.standing(of: "json.info_0000000009", among: members) == .absent)
    }

    @Test func backoffDoublesUpToItsMaximum() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect((0...6).map { backoff.delay(afterFailures: $0) } == [
            .zero, .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
        ])
        #expect(backoff.delay(afterFailures: 10_000) == .seconds(1))
    }
}

@Suite struct ZooKeeperPathTests {
    @Test(arguments: [
        ("", "empty path"), ("a", "must start with '/'"), ("/a/", "must not end with '/'"),
        ("/a//b", "contains an empty segment ('//')"), ("/a/./b", "contains a relative segment ('.' or '..')"),
        ("/a/..", "contains a relative segment ('.' or '..')"), ("/a\u{0}b", "contains the forbidden character U+0"),
    ])
    func rejectsInvalidPaths(path: String, reason: String) {
        #expect(ZooKeeperPath.problem(with: path) == reason)
    }

    @Test func acceptsValidPaths() {
        for path in ["/", "/a", "/a/b.c", "/a/json.info_", "/a/..b"] { #expect(ZooKeeperPath.problem(with: path) == nil, "\(path)") }
        #expect(ZooKeeperPath.problem(with: "/a/item-", sequential: true) == nil)
        #expect(ZooKeeperPath.problem(with: "/a/", sequential: true) == nil)
        #expect(ZooKeeperPath.prefixes(of: "/a/b/c") == ["/a", "/a/b", "/a/b/c"])
        #expect(ZooKeeperPath.join("/", "a") == "/a" && ZooKeeperPath.join("/a", "b") == "/a/b")
    }
}

@Suite struct MasterInfoTests {
    @Test func mesosMasterInfoGivesTheAddressURL() throws {
        let json = #"{"id":"x","ip":16777343,"port":5050,"pid":"master@127.0.0.1:5050","hostname":"h","version":"1.12.0","address":{"hostname":"h","ip":"127.0.0.1","port":5050},"capabilities":[{"type":"AGENT_UPDATE"}]}"#
        let info = try MasterInfo.decode(Array(json.utf8))
        #expect(info.version == "1.12.0" && info.pid == "master@127.0.0.1:5050")
        #expect(try info.baseURL() == "http://127.0.0.1:5050")
    }

    @Test func fallsBackToHostnameThenTheIntegerAddress() throws {
        #expect(try MasterInfo.decode(Array(#"{"hostname":"m1","port":5050,"ip":1}"#.utf8)).baseURL() == "http://m1:5050")
        #expect(try MasterInfo.decode(Array(#"{"ip":16777343,"port":5050}"#.utf8)).baseURL() == "http://127.0.0.1:5050")
        #expect(try MasterInfo.decode(Array(#"{"address":{"ip":"::1","port":5050}}"#.utf8)).baseURL() == "http://[::1]:5050")
    }

    @Test func unusableDataSaysWhy() throws {
        #expect(throws: MasterInfoError.self) { try MasterInfo.decode(Array("master@1.2.3.4:5050".utf8)) }
        #expect(throws: MasterInfoError(reason: "MasterInfo has no valid port")) {
            try MasterInfo.decode(Array(#"{"hostname":"h"}"#.utf8)).baseURL()
        }
        #expect(throws: MasterInfoError(reason: "MasterInfo has no address.ip, address.hostname, hostname or ip")) {
            try MasterInfo.decode(Array(#"{"port":5050}"#.utf8)).baseURL()
        }
    }
}
