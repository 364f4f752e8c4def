import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two `agora jobs --zk` instances: one leads, the other proxies to it, and takes over (state
/// from ZooKeeper, same framework) when the leader is killed.
@Suite struct JobsHAIntegrationTests {
    @Test func oneLeadsTheOtherProxiesAndTakesOverWithTheJobs() async throws {
        let zooKeeper = try await ZooKeeperServer.start(name: "jobs-ha")
        do {
            try await withCluster("jobs-ha") { cluster in
                let flags = ["--zk", zooKeeper.url(path: "/agora-jobs"), "--zk-session-timeout", "2s", "--failure-retry", "1s"]
                let a = try await JobsProcess(master: cluster.masterAddress, directory: cluster.directory + "/a", name: "jobs-a", extra: flags)
                let b = try await JobsProcess(master: cluster.masterAddress, directory: cluster.directory + "/b", name: "jobs-b", extra: flags)
                do {
                    try await Self.scenario(cluster, a, b)
                    await a.stop()
                    await b.stop()
                } catch {
                    await a.stop()
                    await b.stop()
                    throw error
                }
            }
            await zooKeeper.shutdown()
        } catch {
            await zooKeeper.shutdown()
            throw error
        }
    }

    /// The leader `jobs` names, or nil while it answers 404 "There is no leader" (until an
    /// election, and the winner's loading of the state, are done).
    static func leader(as jobs: JobsProcess) async throws -> String? {
        let exchange = try await jobs.call("GET", "/v1/scheduler/leader")
        guard exchange.status == 200 else { return nil }
        return (try JSONSerialization.jsonObject(with: Data(exchange.body.utf8)) as? [String: Any])?["leader"] as? String
    }

    static func scenario(_ cluster: LocalCluster, _ a: JobsProcess, _ b: JobsProcess) async throws {
        let leader = try await eventuallyValue("a leader", within: 30) { try await Self.leader(as: b) }
        let (first, second) = leader == a.address ? (a, b) : (b, a)
        #expect([a.address, b.address].contains(leader))
        // Through the standby: proxied to the leader.
        let job = #"{"name":"ha-job","command":"true","schedule":"R/2030-01-01T00:00:00Z/P1D","owner":""}"#
        try await eventually("the standby to proxy", within: 20) {
            try await second.call("POST", "/v1/scheduler/iso8601", job).status == 204
        }
        #expect(try await first.chronosJob("ha-job") != nil)
        #expect(try await second.call("PUT", "/v1/scheduler/job/ha-job").status == 204)
        try await eventually("the manual run to succeed", within: 30) {
            (try await first.chronosJob("ha-job")?["successCount"] as? Int ?? 0) == 1
        }
        first.process.signal(SIGKILL)
        _ = await first.process.waitForExit()
        try await eventually("the other to lead", within: 30) { try await Self.leader(as: second) == second.address }
        try await eventually("the job with its history on the new leader", within: 20) {
            (try await second.chronosJob("ha-job")?["successCount"] as? Int ?? 0) == 1
        }
        #expect(try await second.call("PUT", "/v1/scheduler/job/ha-job").status == 204)
        try await eventually("a run from the new leader", within: 30) {
            (try await second.chronosJob("ha-job")?["successCount"] as? Int ?? 0) == 2
        }
        let state = try await cluster.masterJSON("/master/state")
        let frameworks = (state["frameworks"] as? [[String: Any]]) ?? []
        #expect(frameworks.filter { $0["name"] as? String == "agora-jobs" }.count == 1, "one framework across leaders")
    }
}
