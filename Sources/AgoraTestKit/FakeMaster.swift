import AgoraSDK
import Foundation

/// An in-memory master for testing framework logic without processes: a `SchedulerDriving`
/// that records every call the framework makes and plays the events a test hands it.
///
///     let master = FakeMaster()
///     let framework = MyFramework(driver: master)      // subscribes to master.events()
///     await master.start()                             // .subscribed
///     await master.send(.offers([FakeMaster.offer(agent: "a1", cpus: 2, mem: 1024)]))
///     #expect(await master.launchedTasks.count == 1)
public actor FakeMaster: SchedulerDriving {
    /// A call the framework made.
    public enum Call: Sendable, Equatable {
        case accept([OfferID], operations: [Mesos.Operation], refuse: Duration)
        case decline([OfferID], refuse: Duration)
        case revive(roles: [String])
        case suppress(roles: [String])
        case kill(TaskID, agentID: AgentID?, gracePeriod: Duration?)
        case shutdown(ExecutorID, agentID: AgentID)
        case acknowledge(TaskID, uuid: Data)
        case reconcile([ReconcileTask])
        case message(AgentID, ExecutorID, Data)
        case updateFramework(Mesos.FrameworkInfo, suppressedRoles: [String])
        case teardown
    }

    private let fanOut = EventFanOut<SchedulerEvent>()
    public private(set) var calls: [Call] = []
    public private(set) var frameworkID: FrameworkID?
    private let assignedID: FrameworkID
    private var isSubscribed = false
    private var stopped = false
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var failures: [any Error] = []

    /// A master that assigns `frameworkID`; with `knownID` the framework starts as one
    /// re-subscribing with a stored ID (its first event is `.resubscribed`).
    public init(frameworkID: FrameworkID = "fake-0000", knownID: Bool = false) {
        self.assignedID = frameworkID
        self.frameworkID = knownID ? frameworkID : nil
    }

    public nonisolated func events() -> AsyncStream<SchedulerEvent> { self.fanOut.subscribe() }

    /// Subscribes: `.subscribed`, or `.resubscribed` when the framework already had its ID.
    public func start() {
        guard !self.stopped, !self.isSubscribed else { return }
        let again = self.frameworkID != nil
        self.frameworkID = self.assignedID
        self.isSubscribed = true
        let event: SchedulerEvent = again
            ? .resubscribed(frameworkID: self.assignedID, heartbeatInterval: .seconds(15), master: Mesos.MasterInfo())
            : .subscribed(frameworkID: self.assignedID, heartbeatInterval: .seconds(15), master: Mesos.MasterInfo())
        self.fanOut.publish(event)
        for waiter in self.waiters { waiter.resume() }
        self.waiters = []
    }

    public func waitUntilSubscribed() async throws {
        if self.isSubscribed { return }
        if self.stopped { throw SchedulerError.stopped }
        try await withCheckedThrowingContinuation { self.waiters.append($0) }
    }

    /// Hands `event` to every event stream.
    public func send(_ event: SchedulerEvent) { self.fanOut.publish(event) }

    /// A master failover as the framework sees it: the stream breaks, then it re-subscribes.
    public func failOver() {
        self.isSubscribed = false
        self.fanOut.publish(.disconnected(reason: "the master failed over"))
        self.start()
    }

    /// Makes the next call throw `error` (after recording it).
    public func failNextCall(with error: any Error) { self.failures.append(error) }

    public func clearCalls() { self.calls = [] }

    /// Every task launched so far, in order.
    public var launchedTasks: [Mesos.TaskInfo] {
        self.calls.flatMap { call -> [Mesos.TaskInfo] in
            guard case .accept(_, let operations, _) = call else { return [] }
            return operations.flatMap { $0.launch.taskInfos + $0.launchGroup.taskGroup.tasks }
        }
    }

    // MARK: - SchedulerDriving

    public func accept(_ offerIDs: [OfferID], operations: [Mesos.Operation], refuse: Duration) throws {
        try self.record(.accept(offerIDs, operations: operations, refuse: refuse))
    }
    public func decline(_ offerIDs: [OfferID], refuse: Duration) throws { try self.record(.decline(offerIDs, refuse: refuse)) }
    public func revive(roles: [String]) throws { try self.record(.revive(roles: roles)) }
    public func suppress(roles: [String]) throws { try self.record(.suppress(roles: roles)) }
    public func kill(_ taskID: TaskID, agentID: AgentID?, gracePeriod: Duration?) throws {
        try self.record(.kill(taskID, agentID: agentID, gracePeriod: gracePeriod))
    }
    public func shutdown(_ executorID: ExecutorID, agentID: AgentID) throws { try self.record(.shutdown(executorID, agentID: agentID)) }
    public func acknowledge(_ status: Mesos.TaskStatus) throws { try self.record(.acknowledge(status.id, uuid: status.uuid)) }
    public func reconcile(_ tasks: [ReconcileTask]) throws { try self.record(.reconcile(tasks)) }
    public func message(agentID: AgentID, executorID: ExecutorID, data: Data) throws {
        try self.record(.message(agentID, executorID, data))
    }
    public func updateFramework(_ framework: Mesos.FrameworkInfo, suppressedRoles: [String]) throws {
        try self.record(.updateFramework(framework, suppressedRoles: suppressedRoles))
    }
    public func teardown() throws { try self.record(.teardown) }

    public func stop(teardown: Bool) {
        if teardown { self.calls.append(.teardown) }
        self.stopped = true
        self.isSubscribed = false
        self.fanOut.finish()
        for waiter in self.waiters { waiter.resume(throwing: SchedulerError.stopped) }
        self.waiters = []
    }

    private func record(_ call: Call) throws {
        guard !self.stopped else { throw SchedulerError.stopped }
        self.calls.append(call)
        if !self.failures.isEmpty { throw self.failures.removeFirst() }
    }
}
