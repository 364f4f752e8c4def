import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two `agora apps --zk` servers: one leads, the other forwards to it, and takes over with
/// the state from ZooKeeper when the leader dies — keeping the running tasks.
@Suite(.serialized) struct AppsHATests {
    @Test func aStandbyForwardsAndTakesOverWithTheState() async throws {
        let zooKeeper = try await ZooKeeperServer.start(name: "apps-ha")
        do {
            try await withCluster("apps-ha") { cluster in
                try await Self.failover(cluster, zk: zooKeeper.url(path: "/agora-apps"))
            }
        } catch {
            await zooKeeper.shutdown()
            throw error
        }
        await zooKeeper.shutdown()
    }

    static func failover(_ cluster: LocalCluster, zk: String) async throws {
        let flags = ["--zk", zk, "--zk-session-timeout", "2s"]
        let (first, firstAddress) = try await startApps(cluster, name: "apps-a", flags: flags)
        let (second, secondAddress) = try await startApps(cluster, name: "apps-b", flags: flags)
        defer {
            for server in [first, second] { server.signal(SIGKILL) }
        }
        let leader = try await eventuallyValue("both servers to agree on a leader", within: 30) { () -> String? in
            var answers: [String?] = []
            for address in [firstAddress, secondAddress] {
                answers.append((try await MarathonAPI(address: address).call("GET", "/v2/leader").json as? [String: String])?["leader"])
            }
            return answers[0] != nil && answers[0] == answers[1] ? answers[0] : nil
        }
        let (leading, standing) = leader == firstAddress ? (first, secondAddress) : (second, firstAddress)
        let standby = MarathonAPI(address: standing)

        let created = try await http(
            "POST", "http://\(standing)/v2/apps", headers: ["Content-Type": "application/json"],
            body: Array(#"{"id":"/ha","cmd":"sleep 600","instances":2,"cpus":0.1,"mem":16}"#.utf8))
        #expect(created.status == 201, "created through the standby: \(created.body)")
        #expect(created.headers["x-marathon-leader"] == "http://\(leader)")
        let events = try await http("GET", "http://\(standing)/v2/events?event_type=deployment_info")
        #expect(events.status == 302 && events.headers["location"] == "http://\(leader)/v2/events?event_type=deployment_info")
        try await eventually("two running tasks", within: 30) { try await standby.app("/ha")["tasksRunning"] as? Int == 2 }
        let tasks = Set(try await standby.tasks("/ha").map(\.id))

        leading.signal(SIGKILL)
        _ = await leading.waitForExit()
        try await eventually("the standby to lead", within: 30) {
            (try await standby.call("GET", "/v2/leader").json as? [String: String])?["leader"] == standing
        }
        try await eventually("the app and its tasks from ZooKeeper", within: 30) {
            try await standby.app("/ha")["tasksRunning"] as? Int == 2
        }
        #expect(Set(try await standby.tasks("/ha").map(\.id)) == tasks, "the same tasks, none relaunched")
        let state = try await cluster.masterJSON("/master/state")
        let frameworks = state["frameworks"] as? [[String: Any]] ?? []
        #expect(frameworks.count == 1 && (frameworks.first?["tasks"] as? [Any])?.count == 2)
    }
}
