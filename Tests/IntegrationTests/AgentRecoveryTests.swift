import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Restarting an agent (SIGKILL, SIGTERM) does not touch the running tasks of frameworks
/// that checkpoint: the new agent re-adopts their executors, which reconnect, and
/// re-registers under the same ID with the tasks.
@Suite(.serialized) struct AgentRecoveryTests {
    @Test(arguments: [SIGKILL, SIGTERM])
    func aRestartedAgentKeepsItsTasksRunning(signal: Int32) async throws {
        try await withCluster("recover-\(signal)") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress, checkpoint: true)
            let flag = cluster.directory + "/finish-now"
            try await framework.launch([
                (id: "long", command: "sleep 300"),
                (id: "ends-while-down", command: "while [ ! -e \(flag) ]; do sleep 0.05; done"),
            ])
            for id in ["long", "ends-while-down"] { try await framework.waitFor(.taskRunning, of: id) }
            let agentID = try #require(await framework.log.latest("long")).agentID.value
            // The executors and the long task (the other task's loop starts short sleeps).
            let before = cluster.agents[0].descendants.filter {
                let command = ExecutorCrashIntegrationTests.commandLine(of: $0)
                return command.contains("executor") || command.hasPrefix("sleep 300")
            }
            #expect(before.count == 3, "two executors and the sleep")
            try await cluster.restartAgent(0, signal: signal)
            #expect(before.allSatisfy { ServerProcess.isRunning($0) }, "the restart touched a task's processes")
            _ = FileManager.default.createFile(atPath: flag, contents: nil)
            try await framework.waitFor(.taskFinished, of: "ends-while-down", within: 30)
            try await eventually("the agent to re-register with its tasks", within: 30) {
                let state = try await cluster.masterJSON("/master/state")
                let agents = state["slaves"] as? [[String: Any]] ?? []
                let tasks = (state["frameworks"] as? [[String: Any]] ?? []).flatMap { $0["tasks"] as? [[String: Any]] ?? [] }
                return agents.count == 1 && agents[0]["id"] as? String == agentID && agents[0]["active"] as? Bool == true
                    && tasks.contains { $0["id"] as? String == "long" && $0["state"] as? String == "TASK_RUNNING" }
            }
            // The executor is back on its stream: a kill reaches it and it reports the task killed.
            try await framework.driver.kill(TaskID("long"), agentID: AgentID(agentID), gracePeriod: nil)
            try await framework.waitFor(.taskKilled, of: "long", within: 30)
            let states = await framework.log.states(of: "long")
            #expect(!states.contains(.taskLost) && !states.contains(.taskFailed), "\(states.map(\.name))")
            await framework.stop()
        }
    }

    @Test(arguments: [CustomExecutorTests.swift, CustomExecutorTests.pymesos])
    func aCustomExecutorReconnectsToTheRestartedAgent(command: String) async throws {
        try await withCluster("recover-custom") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress, checkpoint: true)
            try await AgentReliabilityTests.launchUnder(command: command, framework, taskID: "echo")
            try await framework.waitFor(.taskFinished, of: "echo")
            let executor = try #require(cluster.agents[0].descendants.first, "the executor process")
            let agentID = try #require(await framework.log.latest("echo")).agentID
            try await cluster.restartAgent(0)
            #expect(ServerProcess.isRunning(executor))
            // Messages flow again once it re-subscribed.
            try await eventually("the executor to answer a message after the restart", within: 30) {
                try await framework.driver.message(agentID: AgentID(agentID.value), executorID: "echo-executor", data: Data("polo".utf8))
                return await framework.log.messages.contains { $0 == ("echo-executor", "got: polo") }
            }
            await framework.stop(teardown: true)
            try await eventually("the executor to shut down", within: 15) { !ServerProcess.isRunning(executor) }
        }
    }

    @Test func recoverCleanupKillsTheExecutorsAndKeepsTheAgentID() async throws {
        try await withCluster("recover-cleanup") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress, checkpoint: true, partitionAware: true)
            try await framework.launch([(id: "doomed", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "doomed")
            let agentID = try #require(await framework.log.latest("doomed")).agentID.value
            let before = cluster.agents[0].descendants
            try await cluster.restartAgent(0, flags: ["--recover", "cleanup"])
            try await eventually("the task's processes to be killed") { before.allSatisfy { !ServerProcess.isRunning($0) } }
            try await framework.waitFor(.taskGone, of: "doomed", within: 30)
            let state = try await cluster.masterJSON("/master/state")
            #expect((state["slaves"] as? [[String: Any]])?.map { $0["id"] as? String } == [agentID])
            await framework.stop()
        }
    }

    @Test(arguments: ["agora-agent-checkpoint 99\n", "garbage\n"])
    func aCheckpointItCannotReadIsRefusedWithAClearMessage(version: String) async throws {
        let directory = Paths.scratch("recover-refused")
        let workDir = directory + "/agent"
        try FileManager.default.createDirectory(atPath: workDir + "/meta", withIntermediateDirectories: true)
        try version.write(toFile: workDir + "/meta/VERSION", atomically: true, encoding: .utf8)
        let agent = try ServerProcess(
            ["agent", "--master", "127.0.0.1:1", "--port", "0", "--work-dir", workDir], name: "agent", logDirectory: directory)
        let status = await agent.waitForExit()
        #expect(status != 0)
        #expect(agent.stderr.contains("--recover=cleanup"), "\(agent.stderr.suffix(2000))")
        #expect(agent.stderr.contains(version.hasPrefix("garbage") ? "corrupt" : "format 99"), "\(agent.stderr.suffix(2000))")
        Paths.discardScratch(directory)
    }
}
