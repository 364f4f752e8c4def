import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

/// `/monitor/statistics` in Mesos's shape, from cgroups and from /proc (`--isolation none`).
@Suite(.serialized) struct MonitorStatisticsTests {
    @Test func statisticsFromCgroupsHaveMesossShapeAndTheLimits() async throws {
        _ = try CgroupsProbe.requireUsable()
        try await withCluster("statistics", agentFlags: IsolationTests.cgroups) { cluster in
            let entry = try await Self.statisticsOfOneTask(cluster)
            let statistics = try #require(entry["statistics"] as? [String: Any])
            #expect(statistics["mem_limit_bytes"] as? Int == 96 * 1_048_576)
            #expect((statistics["mem_rss_bytes"] as? Int ?? 0) > 0)
            #expect(statistics["mem_oom_kill_count"] as? Int == 0)
        }
    }

    @Test func withoutIsolationStatisticsComeFromProc() async throws {
        try await withCluster("statistics-none", agentFlags: ["--isolation", "none"]) { cluster in
            let entry = try await Self.statisticsOfOneTask(cluster)
            let statistics = try #require(entry["statistics"] as? [String: Any])
            #expect(statistics["mem_limit_bytes"] as? Int == 96 * 1_048_576, "the allocation, though nothing enforces it")
            #expect((statistics["mem_rss_bytes"] as? Int ?? 0) > 1_048_576, "the executor's RSS alone is megabytes")
            #expect(statistics["mem_oom_kill_count"] == nil)
        }
    }

    /// Runs `sleep 300` (0.5 CPU, 64 MB) and returns its entry after checking what both
    /// sources report alike.
    static func statisticsOfOneTask(_ cluster: LocalCluster) async throws -> [String: Any] {
        let framework = try await TestFramework(master: cluster.masterAddress)
        try await framework.launch([(id: "measured", command: "sleep 300")], cpus: 0.5, mem: 64)
        try await framework.waitFor(.taskRunning, of: "measured")
        let address = try await cluster.agents[0].address(of: "agent")
        let entries = try await eventuallyValue("one container in /monitor/statistics with its processes") { () -> [[String: Any]]? in
            let entries = try await Self.statistics(address)
            let processes = (entries.first?["statistics"] as? [String: Any])?["processes"] as? Int ?? 0
            return entries.count == 1 && processes >= 2 ? entries : nil
        }
        let entry = entries[0]
        let status = try #require(await framework.log.latest("measured"))
        let frameworkID = try #require(await framework.driver.frameworkID)
        #expect(entry["framework_id"] as? String == frameworkID.value)
        #expect(entry["executor_id"] as? String == status.executorID.value)
        #expect(entry["source"] as? String == "measured")
        #expect(entry["executor_name"] as? String == "Command Executor (Task: measured)")
        let statistics = try #require(entry["statistics"] as? [String: Any])
        for key in ["timestamp", "cpus_user_time_secs", "cpus_system_time_secs", "cpus_limit", "mem_rss_bytes", "mem_limit_bytes", "processes", "threads"] {
            #expect(statistics[key] != nil, "statistics lack \(key): \(statistics)")
        }
        #expect(statistics["cpus_limit"] as? Double == 0.6)
        let timestamp = try #require(statistics["timestamp"] as? Double)
        #expect(abs(timestamp - Date().timeIntervalSince1970) < 60)
        try await framework.driver.kill("measured")
        try await framework.waitFor(.taskKilled, of: "measured")
        try await eventually("the container to leave /monitor/statistics") { try await Self.statistics(address).isEmpty }
        await framework.stop()
        return entry
    }

    static func statistics(_ address: String) async throws -> [[String: Any]] {
        let exchange = try await http("GET", "http://\(address)/monitor/statistics")
        #expect(exchange.status == 200)
        let parsed = try JSONSerialization.jsonObject(with: Data(exchange.body.utf8))
        return try #require(parsed as? [[String: Any]], "not an array: \(exchange.body)")
    }
}
