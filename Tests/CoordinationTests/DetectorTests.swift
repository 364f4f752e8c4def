import Coordination
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct DetectorTests {
        @Test func followsTheLeaderAndReportsNoneWithoutOne() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("detector")
            let detector = LeaderDetector(url: try ZooKeeperURL.parse(server.url(path: group)), logger: testLogger("detector"))
            let seen = Recorder(detector.changes())
            try await eventually("no leader while the group does not exist") { seen.all == [nil] }
            let a = try await startContender(server, group: group, data: bytes("a"), name: "a")
            try await eventually("a to be detected") { detector.leader?.data == bytes("a") }
            let b = try await startContender(server, group: group, data: bytes("b"), name: "b")
            try await #require(a.client).set(try #require(a.node), data: bytes("a2"))
            try await eventually("a's new data to be detected") { detector.leader?.data == bytes("a2") }
            await a.contender.withdraw()
            try await eventually("b to be detected") { detector.leader?.path == b.node && detector.leader?.data == bytes("b") }
            #expect(detector.leader?.name == ZooKeeperPath.name(of: try #require(b.node)))
            await b.contender.withdraw()
            try await eventually("no leader once everyone left") { detector.leader == nil && seen.all.count == 5 }
            #expect(seen.all.map { $0?.data } == [nil, bytes("a"), bytes("a2"), bytes("b"), nil])
            await detector.stop()
        }

        @Test func survivesSessionExpiry() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("detector-expiry")
            let a = try await startContender(server, group: group, data: bytes("a"), name: "a")
            let detector = LeaderDetector(
                url: try ZooKeeperURL.parse(server.url(path: group)), sessionTimeout: .seconds(2), logger: testLogger("detector"))
            try await eventually("a to be detected") { detector.leader?.path == a.node }
            let session = try #require(detector.session)
            try await expire(session, on: server)
            try await eventually("the detector to start a new session") { detector.session.map { $0 != session } ?? false }
            let b = try await startContender(server, group: group, data: bytes("b"), name: "b")
            await a.contender.withdraw()
            try await eventually("b to be detected by the new session") { detector.leader?.path == b.node }
            await b.contender.withdraw()
            await detector.stop()
        }

        @Test func masterDetectorReadsMasterInfo() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("masters")
            let detector = try MasterDetector(server.url(path: group), logger: testLogger("master-detector"))
            let first = try await startContender(server, group: group, data: masterInfo(port: 5050), name: "m1")
            #expect(try await detector.currentLeader(within: .seconds(10)) == "http://127.0.0.1:5050")
            let second = try await startContender(server, group: group, data: masterInfo(port: 5051, ip: "10.0.0.2"), name: "m2")
            await first.contender.withdraw()
            try await eventually("the second master to lead") { detector.current == "http://10.0.0.2:5051" }
            await second.contender.withdraw()
            try await eventually("no master") { detector.current == nil }
            await #expect(throws: NoLeaderError.self) { try await detector.currentLeader(within: .milliseconds(100)) }
            await detector.stop()
        }

        @Test func masterDetectorTreatsGarbageAsNoUsableLeader() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("garbage")
            let detector = try MasterDetector(server.url(path: group), logger: testLogger("master-detector"))
            let good = try await startContender(server, group: group, data: masterInfo(port: 5050), name: "good")
            try await eventually("the good master") { detector.current == "http://127.0.0.1:5050" }
            let bad = try await startContender(server, group: group, data: bytes("master@1.2.3.4:5050"), name: "bad")
            await good.contender.withdraw()
            try await eventually("the garbage to be reported") { detector.current == nil && detector.lastProblem != nil }
            #expect(detector.lastProblem?.contains("\(try #require(bad.node)) is unusable: not MasterInfo JSON") == true)
            await bad.contender.withdraw()
            await detector.stop()
        }

        @Test func directLocationsNeedNoZooKeeper() async throws {
            let detector = try MasterDetector("10.1.2.3:5050")
            #expect(try await detector.currentLeader(within: .seconds(1)) == "http://10.1.2.3:5050")
            let values = Recorder(detector.leader())
            try await eventually("the URL once") { values.all == ["http://10.1.2.3:5050"] }
            await detector.stop()
        }
    }
}
