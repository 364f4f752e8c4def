import AgentCore
import AgoraModel
import Testing

/// A KILL for a task whose executor's stream is closed waits for the executor.
@Suite struct KillWhileDisconnectedTests {
    static func runningTask(_ agent: inout AgentHarness) throws -> ExecutorLaunch {
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        _ = agent.acknowledge("t1", uuid: 1)
        agent.core.executorStreamClosed(ConnectionID(7))
        return launch
    }

    @Test func aKillWaitsForTheExecutorToReconnectInsteadOfReportingTheTaskLost() throws {
        var agent = AgentHarness()
        _ = try Self.runningTask(&agent)
        let kill = agent.core.killTask("t1", of: "F", killGracePeriod: .seconds(4), now: agent.now)
        #expect(kill.toMaster.isEmpty, "no TASK_LOST while the executor may still run the task: \(kill.toMaster)")
        #expect(agent.advance(60).toMaster.isEmpty)
        let (_, back) = agent.subscribe("t1", connection: 8)
        let events = back.toExecutor(8)
        guard case .subscribed = events.first else {
            Issue.record("expected SUBSCRIBED first, got \(events)")
            return
        }
        #expect(events.dropFirst() == [.kill("t1", killGracePeriod: .seconds(4))])
        #expect(agent.advance(15 * 60).toMaster.isEmpty, "nothing escalates once it is back")
    }

    @Test func anExecutorThatStaysAwayIsDestroyedAfterTheRecoveryTimeoutAndItsTaskKilled() throws {
        var agent = AgentHarness { $0.recoveryTimeout = .seconds(30) }
        let launch = try Self.runningTask(&agent)
        _ = agent.core.killTask("t1", of: "F", killGracePeriod: nil, now: agent.now)
        #expect(!agent.advance(29.9).contains(.destroyContainer(launch.containerID, force: true)))
        #expect(agent.advance(0.1).contains(.destroyContainer(launch.containerID, force: true)))
        let exit = agent.core.containerExited(launch.containerID, waitStatus: 9, now: agent.now)
        let status = try #require(exit.toMaster.first?.status)
        #expect(status.state == .killed)
        #expect(status.reason == .executorReregistrationTimeout)
        #expect(status.message == "Killed: the executor did not reconnect within 30secs, so its container was destroyed")
    }

    @Test func anExecutorThatExitsWithAKillPendingEndsItsTaskKilled() throws {
        var agent = AgentHarness()
        let launch = try Self.runningTask(&agent)
        _ = agent.core.killTask("t1", of: "F", killGracePeriod: nil, now: agent.now)
        let exit = agent.core.containerExited(launch.containerID, waitStatus: 1 << 8, now: agent.now)
        #expect(exit.toMaster.map(\.status.state) == [.killed])
        #expect(exit.toMaster.first?.status.message == "Killed: the executor exited with status 1")
    }

    @Test func tasksForADisconnectedExecutorWaitForItToo() throws {
        var agent = AgentHarness()
        var task = AgentHarness.task("t2")
        task.executor = ExecutorSpec(executorID: "e")
        _ = agent.core.runTasks(framework: agent.framework, executor: task.executor, tasks: [task], isGroup: false, now: agent.now)
        _ = agent.core.executorSubscribed("e", of: "F", connection: ConnectionID(3), now: agent.now)
        agent.core.executorStreamClosed(ConnectionID(3))
        var second = AgentHarness.task("t3")
        second.executor = task.executor
        let output = agent.core.runTasks(framework: agent.framework, executor: task.executor, tasks: [second], isGroup: false, now: agent.now)
        #expect(!output.contains { if case .launchExecutor = $0 { return true }; return false }, "no second executor with the same ID")
        let back = agent.core.executorSubscribed("e", of: "F", connection: ConnectionID(4), now: agent.now).1
        #expect(back.toExecutor(4).contains(.launch(second)))
    }
}

/// A kill written to a stream that was already broken (the agent had not noticed yet)
/// reaches the executor when it comes back.
@Suite struct KillResentTests {
    @Test func aReconnectingExecutorHearsEveryKillOfATaskStillRunning() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        _ = try #require(launched)
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        let kill = agent.core.killTask("t1", of: "F", killGracePeriod: nil, now: agent.now)
        #expect(kill == [.sendToExecutor(ConnectionID(7), .kill("t1", killGracePeriod: nil))])
        agent.core.executorStreamClosed(ConnectionID(7))
        let back = agent.subscribe("t1", connection: 8).1.toExecutor(8)
        #expect(back.last == .kill("t1", killGracePeriod: nil))
        _ = agent.update("t1", .killed, uuid: 2)
        agent.core.executorStreamClosed(ConnectionID(8))
        #expect(!agent.subscribe("t1", connection: 9).1.toExecutor(9).contains(.kill("t1", killGracePeriod: nil)))
    }
}
