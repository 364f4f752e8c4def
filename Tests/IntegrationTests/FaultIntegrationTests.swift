import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Agents, frameworks and masters failing under a running workload.
@Suite(.serialized) struct FaultIntegrationTests {
    static let fastAgents = ["--agent-timeout", "2s", "--agent-heartbeat-interval", "500ms"]

    @Test func aKilledAgentsTasksBecomeUnreachableAfterTheTimeout() async throws {
        try await withCluster("agentdies", masterFlags: Self.fastAgents) { cluster in
            let aware = try await TestFramework(master: cluster.masterAddress, name: "aware", capabilities: [.partitionAware])
            try await aware.launch([(id: "orphan", command: "sleep 300")])
            try await aware.waitFor(.taskRunning, of: "orphan")
            let agent = try #require(cluster.agents.first)
            let leftovers = agent.descendants.compactMap(ProcessIdentity.of)
            agent.signal(SIGKILL)
            let killedAt = ContinuousClock.now
            try await aware.waitFor(.taskUnreachable, of: "orphan", within: 15)
            // Not before the agent timeout (2 s, less a heartbeat's slack); no upper bound, which
            // only a loaded machine would test.
            let elapsed = ContinuousClock.now - killedAt
            #expect(elapsed >= .seconds(1), "TASK_UNREACHABLE after \(elapsed)")
            let status = try #require(await aware.log.latest("orphan"))
            #expect(status.reason == .agentRemoved && status.source == .master && status.hasUnreachableTime)
            // The agent's FAILURE event follows the task updates on the stream.
            try await eventually("FAILURE for the agent") {
                await aware.log.failures.contains { $0.agent == status.agentID.value && $0.executor == nil }
            }
            // Only the processes seen then: a pid may have gone to another test's process since.
            for leftover in leftovers where leftover.isAlive { kill(leftover.pid, SIGKILL) }
            await aware.stop()
        }
    }

    @Test func aRestartedFrameworkResubscribesAndKeepsItsTasks() async throws {
        try await withCluster("failover") { cluster in
            let first = try await TestFramework(master: cluster.masterAddress, name: "failover")
            try await first.launch([(id: "survivor", command: "sleep 300")])
            try await first.waitFor(.taskRunning, of: "survivor")
            let id = try #require(await first.driver.frameworkID)
            await first.stop(teardown: false)

            let second = try await TestFramework(master: cluster.masterAddress, name: "failover", id: id)
            try await second.subscribed()
            #expect(await second.driver.frameworkID == id)
            try await second.driver.reconcile()
            try await second.waitFor(.taskRunning, of: "survivor")
            let state = try await cluster.masterJSON("/master/state")
            let frameworks = state["frameworks"] as? [[String: Any]] ?? []
            let tasks = frameworks.first { $0["id"] as? String == id.value }?["tasks"] as? [[String: Any]] ?? []
            #expect(tasks.map { $0["state"] as? String } == ["TASK_RUNNING"])
            await second.stop()
        }
    }

    @Test func reconciliationReturnsTheTrueStates() async throws {
        try await withCluster("reconcile") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress, capabilities: [.partitionAware])
            try await framework.launch([(id: "running", command: "sleep 300"), (id: "done", command: "true")])
            try await framework.waitFor(.taskRunning, of: "running")
            try await framework.waitFor(.taskFinished, of: "done")
            let agentID = try #require(await framework.log.latest("running")).agentID.value
            let before = await framework.log.updates.count
            try await framework.driver.reconcile([
                ReconcileTask("running", agentID: AgentID(agentID)), ReconcileTask("never-launched", agentID: AgentID(agentID)),
                ReconcileTask("nowhere"),
            ])
            try await eventually("three reconciliation answers") { await framework.log.updates.count >= before + 3 }
            let answers = await Array(framework.log.updates.dropFirst(before))
            let byTask = Dictionary(answers.map { ($0.taskID.value, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byTask["running"]?.state == .taskRunning)
            #expect(byTask["never-launched"]?.state == .taskGone)
            #expect(byTask["nowhere"]?.state == .taskUnknown)
            #expect(answers.allSatisfy { $0.reason == .reconciliation && !$0.hasUuid })
            await framework.stop()
        }
    }

    @Test func statusUpdatesSurviveAMasterRestart() async throws {
        let port = freePort()
        try await withCluster("masterrestart", masterFlags: Self.fastAgents, masterPort: port) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            let flag = cluster.directory + "/finish-now"
            try await framework.launch([(id: "crosser", command: "while [ ! -e \(flag) ]; do sleep 0.05; done")])
            try await framework.waitFor(.taskRunning, of: "crosser")
            await cluster.killMaster()
            _ = FileManager.default.createFile(atPath: flag, contents: nil)
            // The task ends while no master runs; its update waits on the agent.
            try await eventually("the task process to end") { cluster.agents[0].descendants.isEmpty }
            try await cluster.restartMaster()
            try await framework.waitFor(.taskFinished, of: "crosser", within: 30)
            // At least once: an update whose acknowledgement the restart cut off comes again,
            // but nothing is lost or reordered.
            let states = await framework.log.states(of: "crosser")
            let distinct = states.enumerated().filter { $0.offset == 0 || states[$0.offset - 1] != $0.element }.map(\.element)
            #expect(distinct == [.taskStarting, .taskRunning, .taskFinished], "\(states.map(\.name))")
            let state = try await cluster.masterJSON("/master/state")
            #expect((state["slaves"] as? [[String: Any]])?.count == 1)
            await framework.stop()
        }
    }
}

/// An executor dying under its task.
@Suite(.serialized) struct ExecutorCrashIntegrationTests {
    @Test func aCrashedExecutorsTaskFailsAndItsProcessesGo() async throws {
        try await withCluster("executorcrash") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "orphaned", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "orphaned")
            let agent = try #require(cluster.agents.first)
            let processes = agent.descendants
            let executor = try #require(processes.first { Self.commandLine(of: $0).contains("executor") }, "\(processes)")
            kill(executor, SIGKILL)
            try await framework.waitFor(.taskFailed, of: "orphaned", within: 10)
            let status = try #require(await framework.log.latest("orphaned"))
            #expect(status.reason == .executorTerminated && status.source == .agent)
            #expect(status.message.hasPrefix("Executor terminated"), "\(status.message)")
            try await eventually("the task's processes to be gone") { processes.allSatisfy { kill($0, 0) != 0 } }
            #expect(try await http("GET", "http://\(cluster.masterAddress)/health").status == 200)
            await framework.stop()
        }
    }

    static func commandLine(of pid: pid_t) -> String {
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}

/// Frameworks pointed at a master that is not the leader.
@Suite(.serialized) struct RedirectTests {
    @Test func theSDKFollowsARedirectToTheLeadingMaster() async throws {
        try await withCluster("redirect") { cluster in
            let port = freePort()
            let script = Paths.packageRoot + "/Tests/IntegrationTests/Fixtures/redirector.py"
            let redirector = try Spawner.spawn(SpawnRequest(
                executable: "/usr/bin/env", arguments: ["env", "python3", script, String(port), cluster.masterAddress],
                environment: ProcessInfo.processInfo.environment, stdoutPath: cluster.directory + "/redirector.out",
                stderrPath: cluster.directory + "/redirector.err"))
            defer { kill(redirector, SIGKILL) }
            try await eventually("the redirector to listen") {
                ((try? String(contentsOfFile: cluster.directory + "/redirector.out", encoding: .utf8)) ?? "").contains("listening")
            }
            let framework = try await TestFramework(master: "127.0.0.1:\(port)")
            try await framework.launch([(id: "redirected", command: "true")])
            try await framework.waitFor(.taskFinished, of: "redirected")
            await framework.stop()
        }
    }
}
