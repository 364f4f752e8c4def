import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The agent's defects of issue #10 part 1, reproduced against real processes: a stopped
/// master, a stopped executor with its connections reset, a framework removed under its
/// tasks, and executors' resources in the master's numbers.
@Suite(.serialized) struct AgentReliabilityTests {
    static let echoExecutor = "'\(Paths.packageRoot)/.build/debug/agora-example-echo-executor'"
    static let fastAgents = ["--agent-timeout", "60s", "--agent-heartbeat-interval", "500ms"]

    @Test func theMastersUsageCountsExecutors() async throws {
        try await withCluster("usage") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await Self.launchUnderEchoExecutor(framework, taskID: "echo")
            try await framework.waitFor(.taskFinished, of: "echo")
            // The task is done; its executor still runs and holds cpus 0.1, mem 32.
            try await eventually("the master to count the executor") {
                let agent = try await Self.masterAgent(cluster)
                let used = agent["used_resources"] as? [String: Any]
                return used?["cpus"] as? Double == 0.1 && used?["mem"] as? Double == 32
            }
            let metrics = try await cluster.masterJSON("/metrics/snapshot")
            #expect(metrics["master/cpus_used"] as? Double == 0.1)
            #expect(metrics["master/mem_used"] as? Double == 32)
            let state = try await cluster.masterJSON("/master/state")
            let used = (state["frameworks"] as? [[String: Any]])?.first?["used_resources"] as? [String: Any]
            #expect(used?["cpus"] as? Double == 0.1)
            await framework.stop()
        }
    }

    @Test func anExecutorExitWhileTheMasterIsStoppedStillFreesItsResources() async throws {
        try await withCluster("lostexit", masterFlags: Self.fastAgents) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await Self.launchUnderEchoExecutor(framework, taskID: "echo")
            try await framework.waitFor(.taskFinished, of: "echo")
            let executor = try #require(
                cluster.agents[0].descendants.first { ExecutorCrashIntegrationTests.commandLine(of: $0).contains("echo-executor") },
                "the executor process")
            let agentURL = "http://\(try await cluster.agents[0].address(of: "agent"))"
            // The framework's acknowledgement of TASK_FINISHED goes through the master: stopped
            // before it reaches the agent, the executor could not complete (its update pending)
            // until the master came back.
            try await eventually("the agent to hear TASK_FINISHED acknowledged") {
                try await Self.agentExecutor(agentURL.replacingOccurrences(of: "http://", with: ""), "echo-executor")?["unacknowledged_updates"] as? Int == 0
            }
            cluster.master.signal(SIGSTOP)
            defer { cluster.master.signal(SIGCONT) }
            try await eventually("the agent to give up on the stopped master", within: 20) {
                try await getJSON(agentURL + "/state")["master_hostname"] as? String == ""
            }
            kill(executor, SIGKILL)
            try await eventually("the agent to see the executor exit", within: 30) {
                let completed = try await getJSON(agentURL + "/state")["completed_executors"] as? [[String: Any]] ?? []
                return completed.contains { $0["id"] as? String == "echo-executor" }
            }
            cluster.master.signal(SIGCONT)
            try await eventually("the master to take the executor's resources back", within: 20) {
                let agent = try await Self.masterAgent(cluster)
                return (agent["used_resources"] as? [String: Any])?["cpus"] as? Double == 0
            }
            // The first offer (the whole agent) was taken for the launch; since then only
            // what the executor left has been offered, until now.
            try await eventually("an offer of the whole agent again", within: 20) {
                await framework.log.offers.contains { offer in
                    offer.resources.first { $0.name == "cpus" }?.scalar.value == 2
                }
            }
            await framework.stop()
        }
    }

    @Test func aKillWhileTheExecutorIsAwayIsNotReportedLost() async throws {
        try await withCluster("killaway") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "sleeper", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "sleeper")
            let agentAddress = try await cluster.agents[0].address(of: "agent")
            let executor = try #require(cluster.agents[0].descendants.first { ExecutorCrashIntegrationTests.commandLine(of: $0).contains("executor") })
            kill(executor, SIGSTOP)
            defer { kill(executor, SIGCONT) }
            try await Self.resetConnections(to: agentAddress)
            try await eventually("the agent to see the executor's stream close") {
                try await Self.agentExecutor(agentAddress, "sleeper")?["connected"] as? Bool == false
            }
            let agentID = try #require(await framework.log.latest("sleeper")).agentID
            try await framework.driver.kill(TaskID("sleeper"), agentID: AgentID(agentID.value), gracePeriod: nil)
            try await eventually("the agent to hold the kill for the executor") {
                try await Self.agentExecutor(agentAddress, "sleeper")?["pending_kills"] as? [String] == ["sleeper"]
            }
            #expect(await !framework.log.states(of: "sleeper").contains(.taskLost))
            kill(executor, SIGCONT)
            try await framework.waitFor(.taskKilled, of: "sleeper")
            #expect(await !framework.log.states(of: "sleeper").contains(.taskLost))
            await framework.stop()
        }
    }

    @Test func aRemovedFrameworksUpdatesAreDroppedNotRetried() async throws {
        try await withCluster("removed") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress, failoverTimeout: .seconds(1))
            try await framework.launch([(id: "orphan", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "orphan")
            await framework.stop(teardown: false)
            let agentURL = "http://\(try await cluster.agents[0].address(of: "agent"))"
            try await eventually("the agent to forget the removed framework", within: 20) {
                let state = try await getJSON(agentURL + "/state")
                return (state["frameworks"] as? [Any])?.isEmpty == true
                    && (state["completed_executors"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "orphan" }
            }
            let metrics = try await cluster.masterJSON("/metrics/snapshot")
            #expect(metrics["master/invalid_status_updates"] as? Double == 0)
        }
    }

    // MARK: - Helpers

    /// Launches `taskID` under the Swift echo executor, whose ID is `<taskID>-executor`.
    static func launchUnderEchoExecutor(_ framework: TestFramework, taskID: String) async throws {
        try await Self.launchUnder(command: Self.echoExecutor, framework, taskID: taskID)
    }

    /// Launches `taskID` under the executor `command`, with executor ID `<taskID>-executor`.
    static func launchUnder(command: String, _ framework: TestFramework, taskID: String) async throws {
        let offer = try await framework.nextOffer()
        var budget = OfferResources(offer)
        let shares = (budget.take(cpus: 0.1, mem: 32), budget.take(cpus: 0.1, mem: 32))
        let executorShare = try #require(shares.0)
        let taskShare = try #require(shares.1)
        var task = Mesos.TaskInfo.command(id: TaskID(taskID), command: "unused", resources: taskShare, on: offer)
        task.clearCommand()
        task.executor = .with {
            $0.executorID.value = "\(taskID)-executor"
            $0.frameworkID = offer.frameworkID
            $0.command.value = command
            $0.resources = executorShare
        }
        try await framework.driver.launch([task], on: offer, refuse: .zero)
    }

    /// The only agent in the master's `/master/state`.
    static func masterAgent(_ cluster: LocalCluster) async throws -> [String: Any] {
        let state = try await cluster.masterJSON("/master/state")
        return try #require((state["slaves"] as? [[String: Any]])?.first)
    }

    /// The executor `id` in the agent's `/state`.
    static func agentExecutor(_ address: String, _ id: String) async throws -> [String: Any]? {
        let state = try await getJSON("http://\(address)/state")
        let frameworks = state["frameworks"] as? [[String: Any]] ?? []
        return frameworks.flatMap { $0["executors"] as? [[String: Any]] ?? [] }.first { $0["id"] as? String == id }
    }

    /// Resets every TCP connection to `address` (`ss -K`), as a flaky network would.
    static func resetConnections(to address: String) async throws {
        let port = try #require(address.split(separator: ":").last)
        let pid = try Spawner.spawn(SpawnRequest(
            executable: "/usr/bin/ss", arguments: ["ss", "-K", "dst", "127.0.0.1", "dport", "=", String(port)], environment: [:],
            stdoutPath: "/dev/null", stderrPath: "/dev/null"))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        #expect(status == 0, "ss -K exited with \(status)")
    }
}
