import AgentCore
import AgoraModel
import Testing

/// After the master removed a framework, nothing of it is retried or kept.
@Suite struct RemovedFrameworkTests {
    @Test func updatesOfARemovedFrameworkAreDroppedAndItsExecutorLeaves() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        // RUNNING is never acknowledged: the scheduler is gone.
        let shutdown = agent.core.shutdownFramework("F", now: agent.now)
        #expect(shutdown.toExecutor(7) == [.shutdown])
        let killed = agent.update("t1", .killed, uuid: 2)
        #expect(killed.0 == .accepted)
        #expect(killed.1.toExecutor(7) == [.acknowledged("t1", uuid: Array(repeating: 2, count: 16))])
        #expect(killed.1.toMaster.isEmpty)
        #expect(agent.advance(120).toMaster.isEmpty, "no update of the removed framework is retried")
        _ = agent.core.containerExited(launch.containerID, waitStatus: 0, now: agent.now)
        #expect(agent.core.executors["F"] == nil)
        #expect(agent.core.frameworks["F"] == nil)
        #expect(agent.core.pendingMasterCalls.isEmpty)
        #expect(agent.core.report.frameworks.isEmpty)
    }

    @Test func anExecutorKilledForLingeringAfterRemovalReportsNothing() throws {
        var agent = AgentHarness { $0.executorShutdownGracePeriod = .seconds(5) }
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.core.shutdownFramework("F", now: agent.now)
        #expect(agent.advance(5).contains(.destroyContainer(launch.containerID, force: true)))
        let exit = agent.core.containerExited(launch.containerID, waitStatus: 9, now: agent.now)
        #expect(exit.calls.isEmpty)
    }
}

/// RUN_TASKS the agent cannot use ends the tasks instead of leaving them staging.
@Suite struct RejectedTaskTests {
    @Test func anUnreadableTaskFailsWithTheReason() {
        var agent = AgentHarness()
        let output = agent.core.rejectTasks(["bad"], of: "F", message: "Agent cannot read the task: bad resources", now: agent.now)
        let status = output.toMaster.first?.status
        #expect(status?.state == .failed)
        #expect(status?.reason == .taskInvalid)
        #expect(status?.message == "Agent cannot read the task: bad resources")
        #expect(status?.uuid?.count == 16)
    }
}

/// Which executors the master hears about.
@Suite struct ExecutorReportTests {
    @Test func aTaskGroupsDefaultExecutorIsReportedAndItsExitSent() throws {
        var agent = AgentHarness()
        let executor = ExecutorSpec(executorID: "group", kind: .default, resources: r("cpus:0.1;mem:32"), payload: WirePayload([1]))
        let tasks = [AgentHarness.task("g1"), AgentHarness.task("g2")]
        let output = agent.core.runTasks(framework: agent.framework, executor: executor, tasks: tasks, isGroup: true, now: agent.now)
        let launch = try #require(output.compactMap { if case .launchExecutor(let launch) = $0 { return launch }; return nil }.first)
        #expect(launch.isCommandExecutor)
        #expect(agent.core.report.executors.map(\.executor.executorID) == ["group"])
        let exit = agent.delivered(agent.core.containerExited(launch.containerID, waitStatus: 0, now: agent.now))
        #expect(exit.calls.contains { $0.message == .executorExited("F", "group", status: 0) })
        #expect(agent.core.report.executors.isEmpty, "an exited executor is not reported")
    }
}
