import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

/// The unmodified PyPI `pymesos` 0.3.15 scheduler against a real master and agent.
/// `make test` installs it into `.build-python` (scripts/install-prerequisites).
@Suite(.serialized) struct PymesosInteropTests {
    static let python = Paths.packageRoot + "/.build-python/bin/python"
    static let script = Paths.packageRoot + "/Tests/IntegrationTests/Fixtures/pymesos_scheduler.py"

    @Test func pymesosLaunchesATaskAndSeesItFinish() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python), "run scripts/install-prerequisites to install pymesos")
        try await withCluster("pymesos") { cluster in
            let output = cluster.directory + "/pymesos.out"
            let pid = try Spawner.spawn(SpawnRequest(
                executable: Self.python, arguments: [Self.python, Self.script, cluster.masterAddress, "30"],
                environment: ProcessInfo.processInfo.environment, stdoutPath: output, stderrPath: cluster.directory + "/pymesos.err"))
            let status = await ProcessReaper.shared.waitForExit(of: pid)
            let lines = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
            let events = lines.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }
            #expect(status == 0, "pymesos exited with \(status >> 8); output: \(lines)")
            #expect(events.first?["event"] as? String == "registered")
            let states = events.filter { $0["event"] as? String == "update" }.compactMap { $0["state"] as? String }
            #expect(states == ["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"])
            #expect(events.filter { $0["event"] as? String == "update" }.allSatisfy { $0["has_uuid"] as? Bool == true })
            let offer = events.first { $0["event"] as? String == "offer" }
            #expect(offer?["resources"] as? [String] == ["cpus", "disk", "mem", "ports"])
            // pymesos acknowledged implicitly: the master retired the finished task.
            try await eventually("the task to be acknowledged") {
                let state = try await cluster.masterJSON("/master/state")
                let frameworks = (state["frameworks"] as? [[String: Any]] ?? []) + (state["completed_frameworks"] as? [[String: Any]] ?? [])
                return frameworks.contains { ($0["completed_tasks"] as? [[String: Any]])?.first?["state"] as? String == "TASK_FINISHED" }
            }
        }
    }
}
