import AgentCore
import AgoraModel
import Testing

@Suite struct CommandTaskTests {
    @Test func aCommandTaskStartsTheCommandExecutorInItsSandbox() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        #expect(launch.isCommandExecutor)
        #expect(launch.executor.executorID == "t1")
        #expect(launch.sandbox == "/work/slaves/A/frameworks/F/executors/t1/runs/\(launch.containerID)")
        let environment = launch.environment
        #expect(environment["MESOS_FRAMEWORK_ID"] == "F")
        #expect(environment["MESOS_EXECUTOR_ID"] == "t1")
        #expect(environment["MESOS_AGENT_ENDPOINT"] == "127.0.0.1:5051")
        #expect(environment["MESOS_SLAVE_ID"] == "A")
        #expect(environment["MESOS_DIRECTORY"] == launch.sandbox)
        #expect(environment["MESOS_SANDBOX"] == launch.sandbox)
        #expect(environment["MESOS_CHECKPOINT"] == "0")
        #expect(environment["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"] == "5secs")
        #expect(environment["PATH"] != nil)
        #expect(launch.user == "alice")
    }

    @Test func theExecutorGetsSubscribedThenItsTask() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        let (result, output) = agent.subscribe("t1", connection: 7)
        #expect(result == .accepted)
        let events = output.toExecutor(7)
        #expect(events.count == 2)
        guard case .subscribed(let executor, let framework, "A", _) = events.first else {
            Issue.record("expected SUBSCRIBED, got \(events)")
            return
        }
        #expect(executor.executorID == "t1" && framework.id == "F")
        #expect(events.last == .launch(AgentHarness.task("t1")))
    }

    @Test func subscribedExecutorsGetAHeartbeatEveryInterval() {
        var agent = AgentHarness { $0.executorHeartbeatInterval = .seconds(60) }
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.launch("t2")  // launched, never subscribed: no stream to beat on
        #expect(!agent.advance(1).toExecutor(7).contains(.heartbeat))
        #expect(!agent.advance(58).toExecutor(7).contains(.heartbeat))
        #expect(agent.advance(1.5).toExecutor(7) == [.heartbeat])
        #expect(!agent.advance(30).toExecutor(7).contains(.heartbeat))
        #expect(agent.advance(30).toExecutor(7) == [.heartbeat])
    }

    @Test func updatesFlowOneAtATimeUntilAcknowledged() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        let running = agent.update("t1", .running, uuid: 1)
        #expect(running.0 == .accepted)
        #expect(running.1.toMaster.map(\.status.state) == [.running])
        #expect(running.1.toMaster.first?.status.agentID == "A")
        #expect(running.1.toExecutor(7) == [.acknowledged("t1", uuid: Array(repeating: 1, count: 16))])
        // FINISHED waits behind the unacknowledged RUNNING.
        let finished = agent.update("t1", .finished, uuid: 2)
        #expect(finished.1.toMaster.isEmpty)
        #expect(finished.1.toExecutor(7) == [.acknowledged("t1", uuid: Array(repeating: 2, count: 16))])
        // A wrong UUID acknowledges nothing.
        #expect(agent.acknowledge("t1", uuid: 9).isEmpty)
        let next = agent.acknowledge("t1", uuid: 1)
        #expect(next.toMaster.map(\.status.state) == [.finished])
        #expect(next.toMaster.first?.latestState == .finished)
    }

    @Test func theHeadCarriesTheLatestState() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        _ = agent.update("t1", .failed, uuid: 2)
        let retried = agent.advance(2).toMaster
        #expect(retried.map(\.status.state) == [.running])
        #expect(retried.first?.latestState == .failed)
    }

    @Test func unacknowledgedUpdatesAreRetriedWithBackoff() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        #expect(agent.advance(1.9).toMaster.isEmpty)
        #expect(agent.advance(0.1).toMaster.count == 1)
        #expect(agent.advance(3.9).toMaster.isEmpty)
        #expect(agent.advance(0.1).toMaster.count == 1)
    }

    @Test func updatesWaitWhileTheMasterIsAwayAndAreResentOnReregistration() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        agent.core.masterDisconnected()
        #expect(agent.update("t1", .running, uuid: 1).1.toMaster.isEmpty)
        #expect(agent.advance(10).toMaster.isEmpty)
        let resent = agent.core.registered(as: "A", heartbeatInterval: .seconds(2), now: agent.now)
        #expect(resent.toMaster.map(\.status.state) == [.running])
    }

    @Test func anExecutorThatDiesFailsItsTasks() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        _ = agent.acknowledge("t1", uuid: 1)
        let output = agent.core.containerExited(launch.containerID, waitStatus: 9, now: agent.now)
        let failed = try #require(output.toMaster.first)
        #expect(failed.status.state == .failed)
        #expect(failed.status.reason == .executorTerminated)
        #expect(failed.status.source == .agent)
        #expect(failed.status.uuid?.count == 16)
        #expect(failed.status.message == "Executor terminated: terminated by signal 9")
        #expect(output.contains(.closeExecutorStream(ConnectionID(7))))
        // The command executor's exit is not reported to the master (as in Mesos).
        #expect(!output.calls.contains { if case .executorExited = $0.message { return true }; return false })
    }

    @Test func anExecutorThatNeverSubscribesIsDestroyed() throws {
        var agent = AgentHarness { $0.executorRegistrationTimeout = .seconds(10) }
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        #expect(!agent.advance(9.9).contains(.destroyContainer(launch.containerID, force: true)))
        #expect(agent.advance(0.1).contains(.destroyContainer(launch.containerID, force: true)))
        let output = agent.core.containerExited(launch.containerID, waitStatus: 9, now: agent.now)
        #expect(output.toMaster.map(\.status.state) == [.failed])
        #expect(output.toMaster.first?.status.reason == .executorRegistrationTimeout)
    }

    @Test func updatesFromUnknownOrUnsubscribedExecutorsAreRefused() {
        var agent = AgentHarness()
        #expect(agent.subscribe("ghost", connection: 1).0 == .badRequest("Framework cannot be found"))
        _ = agent.launch("t1")
        #expect(agent.subscribe("ghost", connection: 1).0 == .badRequest("Executor cannot be found"))
        #expect(agent.update("t1", .running, uuid: 1).0 == .forbidden("Executor is not subscribed"))
        _ = agent.subscribe("t1", connection: 7)
        let bad = agent.core.executorUpdate(TaskStatus(taskID: "t1", state: .running, uuid: [1]), from: "t1", of: "F", now: agent.now)
        #expect(bad.0 == .badRequest("Failed to validate executor::Call: 'status.uuid' must be 16 bytes"))
    }
}

@Suite struct KillAndShutdownTests {
    @Test func killBeforeSubscriptionKillsTheQueuedTaskAndTheExecutor() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        let output = agent.core.killTask("t1", of: "F", killGracePeriod: nil, now: agent.now)
        #expect(output.toMaster.map(\.status.state) == [.killed])
        #expect(output.toMaster.first?.status.reason == .taskKilledDuringLaunch)
        #expect(output.contains(.destroyContainer(launch.containerID, force: true)))
    }

    @Test func killOfARunningTaskGoesToItsExecutor() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        let output = agent.core.killTask("t1", of: "F", killGracePeriod: .seconds(1), now: agent.now)
        #expect(output == [.sendToExecutor(ConnectionID(7), .kill("t1", killGracePeriod: .seconds(1)))])
    }

    @Test func killOfAnUnknownTaskReportsItLost() {
        var agent = AgentHarness()
        let output = agent.core.killTask("ghost", of: "F", killGracePeriod: nil, now: agent.now)
        #expect(output.toMaster.map(\.status.state) == [.lost])
    }

    @Test func shutdownGivesTheExecutorItsGracePeriod() {
        var agent = AgentHarness { $0.executorShutdownGracePeriod = .seconds(5) }
        let launch = agent.launch("t1")!
        _ = agent.subscribe("t1", connection: 7)
        #expect(agent.core.shutdownFramework("F", now: agent.now) == [.sendToExecutor(ConnectionID(7), .shutdown)])
        #expect(!agent.advance(4.9).contains(.destroyContainer(launch.containerID, force: true)))
        #expect(agent.advance(0.1).contains(.destroyContainer(launch.containerID, force: true)))
    }
}

@Suite struct ReregistrationReportTests {
    @Test func theReportListsFrameworksExecutorsAndTasks() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        _ = agent.launch("t2")
        var custom = AgentHarness.task("t3")
        custom.executor = ExecutorSpec(executorID: "e", resources: r("cpus:0.1;mem:32"))
        _ = agent.core.runTasks(framework: agent.framework, executor: custom.executor, tasks: [custom], isGroup: false, now: agent.now)
        let report = agent.core.report
        #expect(report.frameworks.map(\.id) == ["F"])
        #expect(report.executors.map(\.executor.executorID) == ["e"])
        #expect(report.tasks.map { "\($0.spec.taskID):\($0.state.name)" }.sorted()
            == ["t1:TASK_RUNNING", "t2:TASK_STAGING", "t3:TASK_STAGING"])
    }
}
