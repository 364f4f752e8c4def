import AgoraPosix
import AgoraSDK
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

/// Custom executors the agent starts for an SDK framework's task: the unmodified pymesos
/// executor (third-party, JSON) and our Swift example on the Executor library (protobuf).
@Suite(.serialized) struct CustomExecutorTests {
    static let pymesos = "'\(PymesosInteropTests.python)' '\(Paths.packageRoot)/Tests/IntegrationTests/Fixtures/pymesos_executor.py'"
    static let swift = "'\(Paths.packageRoot)/.build/debug/agora-example-echo-executor'"

    @Test(arguments: [pymesos, swift])
    func aCustomExecutorRunsATaskAndTradesMessages(command: String) async throws {
        try await withCluster("executor") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            let offer = try await framework.nextOffer()
            var budget = OfferResources(offer)
            let executorShare = budget.take(cpus: 0.1, mem: 32)
            let taskShare = budget.take(cpus: 0.1, mem: 32)
            var task = Mesos.TaskInfo.command(id: "echo", command: "unused", resources: try #require(taskShare), on: offer)
            task.clearCommand()
            task.data = Data("ping".utf8)
            task.executor = .with {
                $0.executorID.value = "custom"
                $0.frameworkID = offer.frameworkID
                $0.command.value = command
                $0.resources = executorShare ?? []
            }
            try await framework.driver.launch([task], on: offer, refuse: .zero)
            try await framework.waitFor(.taskFinished, of: "echo")
            #expect(await framework.log.states(of: "echo") == [.taskRunning, .taskFinished])
            let finished = try #require(await framework.log.latest("echo"))
            #expect(finished.message == "echo: ping" && finished.source == .executor && finished.executorID.value == "custom")
            try await eventually("the executor's message") { await framework.log.messages.contains { $0 == ("custom", "hello from echo") } }
            try await framework.driver.message(agentID: offer.agent, executorID: "custom", data: Data("marco".utf8))
            try await eventually("the answer to our message") { await framework.log.messages.contains { $0 == ("custom", "got: marco") } }
            let executor = try #require(cluster.agents[0].descendants.first, "the executor process")
            await framework.stop(teardown: true)
            try await eventually("the executor to shut down", within: 15) { !ServerProcess.isRunning(executor) }
        }
    }
}
