import AgentCore
import AgoraModel
import Testing

/// What a checkpointing framework's tasks leave in the checkpoint, and in which order.
@Suite struct CheckpointDirectiveTests {
    static let checkpointing = FrameworkDescriptor(id: "F", name: "f", user: "alice", checkpoint: true)

    static func checkpoints(_ directives: [AgentDirective]) -> [CheckpointChange] {
        directives.compactMap { if case .checkpoint(let change) = $0 { return change }; return nil }
    }

    @Test func aLaunchIsCheckpointedBeforeTheExecutorStarts() throws {
        var agent = AgentHarness()
        let output = agent.core.runTasks(framework: Self.checkpointing, executor: nil, tasks: [AgentHarness.task("t1")], isGroup: false, now: agent.now)
        let launchIndex = try #require(output.firstIndex { if case .launchExecutor = $0 { return true }; return false })
        let changes = Self.checkpoints(Array(output[..<launchIndex]))
        guard changes.count == 3, case .framework(Self.checkpointing) = changes[0], case .executor(let executor) = changes[1],
            case .task(let location, let task) = changes[2]
        else {
            Issue.record("expected framework, executor, task checkpoints before the launch: \(output)")
            return
        }
        #expect(executor.isGeneratedForCommandTask && executor.spec.executorID == "t1")
        #expect(location.taskID == "t1" && location.containerID == executor.containerID && task.taskID == "t1")
        if case .launchExecutor(let launch) = output[launchIndex] { #expect(launch.checkpoint) }
    }

    @Test func anUpdateIsCheckpointedBeforeTheExecutorHearsItIsAcknowledged() throws {
        var agent = AgentHarness()
        _ = agent.core.runTasks(framework: Self.checkpointing, executor: nil, tasks: [AgentHarness.task("t1")], isGroup: false, now: agent.now)
        _ = agent.subscribe("t1", connection: 7)
        let output = agent.update("t1", .running, uuid: 1).1
        let checkpoint = try #require(output.firstIndex { if case .checkpoint(.update) = $0 { return true }; return false })
        let acknowledged = try #require(output.firstIndex { $0 == .sendToExecutor(ConnectionID(7), .acknowledged("t1", uuid: Array(repeating: 1, count: 16))) })
        #expect(checkpoint < acknowledged)
        let ack = agent.acknowledge("t1", uuid: 1)
        guard case .checkpoint(.acknowledgement(let location, let uuid)) = ack.first else {
            Issue.record("expected the acknowledgement checkpointed first: \(ack)")
            return
        }
        #expect(location.taskID == "t1" && uuid == Array(repeating: 1, count: 16))
    }

    @Test func aFrameworkThatDoesNotCheckpointWritesNothingButTheAgentsIdentity() {
        var agent = AgentHarness()
        _ = agent.launch("t1")
        _ = agent.subscribe("t1", connection: 7)
        let changes = Self.checkpoints(agent.update("t1", .running, uuid: 1).1 + agent.acknowledge("t1", uuid: 1))
        #expect(changes.isEmpty)
        let registered = Self.checkpoints(agent.core.registered(as: "A2", heartbeatInterval: .seconds(2), now: agent.now))
        #expect(registered.count == 1)
        if case .agent(let descriptor) = registered.first { #expect(descriptor.id == "A2") }
    }
}

/// A restarted agent rebuilt from what its checkpoint held.
@Suite struct RecoveryTests {
    static let framework = FrameworkDescriptor(id: "F", name: "f", user: "alice", checkpoint: true)

    static func executor(_ id: String, container: String) -> ExecutorCheckpoint {
        ExecutorCheckpoint(
            frameworkID: "F", spec: ExecutorSpec(executorID: ExecutorID(id), kind: .default), containerID: ContainerID(container),
            sandbox: "/work/\(id)", isCommandExecutor: true, isGeneratedForCommandTask: true)
    }

    static func update(_ task: String, _ state: TaskState, uuid: UInt8) -> StatusUpdate {
        StatusUpdate(frameworkID: "F", status: TaskStatus(taskID: TaskID(task), state: state, source: .executor, uuid: Array(repeating: uuid, count: 16)))
    }

    static func recovered(_ executors: [RecoveredExecutor], now: MonotonicInstant = .zero, _ configure: (inout AgentConfiguration) -> Void = { _ in }) -> AgentCore {
        var configuration = AgentConfiguration()
        configure(&configuration)
        let state = RecoveredState(
            agent: AgentDescriptor(id: "A", hostname: "h", resources: r("cpus:4;mem:1024")), frameworks: [Self.framework], executors: executors)
        return AgentCore(recovering: state, configuration: configuration, seed: 1, now: now)
    }

    @Test func unacknowledgedUpdatesAreResentWhenTheRestartedAgentRegisters() {
        let task = RecoveredTask(
            spec: AgentHarness.task("t1"), updates: [Self.update("t1", .running, uuid: 1), Self.update("t1", .finished, uuid: 2)],
            acknowledged: [Array(repeating: 1, count: 16)])
        var core = Self.recovered([RecoveredExecutor(checkpoint: Self.executor("t1", container: "c1"), tasks: [task], isAlive: true)])
        #expect(core.agentID == "A")
        #expect(core.report.tasks.map(\.state) == [.finished])
        let output = core.registered(as: "A", heartbeatInterval: .seconds(2), now: .zero)
        #expect(output.toMaster.map(\.status.state) == [.finished])
        #expect(!output.contains { if case .checkpoint(.agent) = $0 { return true }; return false }, "the identity is unchanged")
    }

    @Test func aReconnectingExecutorIsNotSentTheTasksItHoldsButGetsTheOthers() {
        let held = RecoveredTask(spec: AgentHarness.task("held"))
        let lost = RecoveredTask(spec: AgentHarness.task("lost"))
        var executor = Self.executor("e", container: "c1")
        executor.isGeneratedForCommandTask = false
        var core = Self.recovered([RecoveredExecutor(checkpoint: executor, tasks: [held, lost], isAlive: true)])
        let output = core.executorSubscribed("e", of: "F", connection: ConnectionID(3), unacknowledgedTasks: ["held"], now: .zero).1
        let launches = output.toExecutor(3).filter { if case .launch = $0 { return true }; return false }
        #expect(launches == [.launch(AgentHarness.task("lost"))])
    }

    @Test func anUpdateResentByTheExecutorIsAcknowledgedButNotTakenTwice() {
        let task = RecoveredTask(spec: AgentHarness.task("t1"), updates: [Self.update("t1", .running, uuid: 1)])
        var core = Self.recovered([RecoveredExecutor(checkpoint: Self.executor("t1", container: "c1"), tasks: [task], isAlive: true)])
        let (result, output) = core.executorSubscribed(
            "t1", of: "F", connection: ConnectionID(3), unacknowledgedUpdates: [Self.update("t1", .running, uuid: 1).status], now: .zero)
        #expect(result == .accepted)
        #expect(output.toExecutor(3).contains(.acknowledged("t1", uuid: Array(repeating: 1, count: 16))))
        #expect(output.toMaster.isEmpty)
        #expect(!output.contains { if case .checkpoint(.update) = $0 { return true }; return false })
    }

    @Test func anExecutorThatDiedWhileTheAgentWasDownFailsItsTasks() {
        let task = RecoveredTask(spec: AgentHarness.task("t1"), updates: [Self.update("t1", .running, uuid: 1)], acknowledged: [Array(repeating: 1, count: 16)])
        var core = Self.recovered([RecoveredExecutor(checkpoint: Self.executor("t1", container: "c1"), tasks: [task], isAlive: false)])
        let output = core.recoveredExecutorsGone(["c1"], now: .zero)
        #expect(output.calls.isEmpty, "nothing goes before the agent registers")
        let sent = core.registered(as: "A", heartbeatInterval: .seconds(2), now: .zero).toMaster
        #expect(sent.map(\.status.state) == [.failed])
        #expect(sent.first?.status.message?.contains("the agent restarted") == true)
    }

    @Test func anExecutorThatDoesNotReconnectInTimeIsDestroyed() {
        let task = RecoveredTask(spec: AgentHarness.task("t1"), updates: [Self.update("t1", .running, uuid: 1)], acknowledged: [Array(repeating: 1, count: 16)])
        var core = Self.recovered([RecoveredExecutor(checkpoint: Self.executor("t1", container: "c1"), tasks: [task], isAlive: true)]) {
            $0.recoveryTimeout = .seconds(60)
        }
        #expect(!core.tick(now: .zero + .seconds(59)).contains(.destroyContainer("c1", force: true)))
        #expect(core.tick(now: .zero + .seconds(60)).contains(.destroyContainer("c1", force: true)))
        _ = core.registered(as: "A", heartbeatInterval: .seconds(2), now: .zero + .seconds(60))
        let exit = core.containerExited("c1", waitStatus: nil, now: .zero + .seconds(60))
        #expect(exit.toMaster.first?.status.reason == .executorReregistrationTimeout)
    }

    @Test func aRunThatEndedBeforeTheRestartIsNotRecovered() {
        let task = RecoveredTask(
            spec: AgentHarness.task("t1"), updates: [Self.update("t1", .finished, uuid: 1)], acknowledged: [Array(repeating: 1, count: 16)])
        let core = Self.recovered([RecoveredExecutor(checkpoint: Self.executor("t1", container: "c1"), tasks: [task], isAlive: false)])
        #expect(core.executors.isEmpty)
        #expect(core.report.tasks.isEmpty)
    }
}
