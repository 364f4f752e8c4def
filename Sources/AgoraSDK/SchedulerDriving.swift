import Foundation

/// What a framework does with a master: the calls of the v1 scheduler API and its events.
/// `SchedulerDriver` talks to a real master; the test kit's `FakeMaster` records calls and
/// plays events, so framework logic can be tested in-process.
///
/// Calls made while the driver is (re-)subscribing wait for the subscription (up to the
/// configured call timeout) instead of failing.
public protocol SchedulerDriving: Sendable {
    /// A new stream of every event from now on; each caller gets its own. Subscribe before
    /// `start()` to see the first subscription.
    func events() -> AsyncStream<SchedulerEvent>
    /// The framework's ID, once the master assigned one.
    var frameworkID: FrameworkID? { get async }
    /// Starts connecting (once).
    func start() async
    /// Waits until subscribed; throws if the driver stopped or the framework was removed.
    func waitUntilSubscribed() async throws
    /// ACCEPT: applies `operations` to the offers (all from one agent); what they leave
    /// unused is refused for `refuse`.
    func accept(_ offerIDs: [OfferID], operations: [Mesos.Operation], refuse: Duration) async throws
    /// DECLINE: none of these offers' resources for `refuse`.
    func decline(_ offerIDs: [OfferID], refuse: Duration) async throws
    /// REVIVE: offers again in `roles` (all when empty), refusals cleared.
    func revive(roles: [String]) async throws
    /// SUPPRESS: no offers in `roles` (all when empty) until revived.
    func suppress(roles: [String]) async throws
    /// KILL a task; `gracePeriod` overrides its kill policy.
    func kill(_ taskID: TaskID, agentID: AgentID?, gracePeriod: Duration?) async throws
    /// SHUTDOWN an executor.
    func shutdown(_ executorID: ExecutorID, agentID: AgentID) async throws
    /// ACKNOWLEDGE a status update (only needed with automatic acknowledgements off).
    func acknowledge(_ status: Mesos.TaskStatus) async throws
    /// RECONCILE: the master answers with an update per task (every known task when empty).
    func reconcile(_ tasks: [ReconcileTask]) async throws
    /// MESSAGE to an executor.
    func message(agentID: AgentID, executorID: ExecutorID, data: Data) async throws
    /// UPDATE_FRAMEWORK: new roles, capabilities or suppressed roles without re-subscribing.
    func updateFramework(_ framework: Mesos.FrameworkInfo, suppressedRoles: [String]) async throws
    /// TEARDOWN: removes the framework and kills all its tasks.
    func teardown() async throws
    /// Stops the driver; with `teardown` the framework is removed first.
    func stop(teardown: Bool) async
}

extension SchedulerDriving {
    /// Launches `tasks` on `offers` (one agent's; one ACCEPT with one LAUNCH).
    public func launch(_ tasks: [Mesos.TaskInfo], on offers: [Mesos.Offer], refuse: Duration = .seconds(5)) async throws {
        let operation = Mesos.Operation.with {
            $0.type = .launch
            $0.launch.taskInfos = tasks
        }
        try await self.accept(offers.map(\.offerID), operations: [operation], refuse: refuse)
    }

    /// Launches `tasks` on one offer.
    public func launch(_ tasks: [Mesos.TaskInfo], on offer: Mesos.Offer, refuse: Duration = .seconds(5)) async throws {
        try await self.launch(tasks, on: [offer], refuse: refuse)
    }

    /// Launches `tasks` as one task group under `executor` (one ACCEPT with one LAUNCH_GROUP):
    /// they start together and, under the default executor, share its sandbox's lifetime.
    public func launchGroup(
        _ tasks: [Mesos.TaskInfo], executor: Mesos.ExecutorInfo, on offer: Mesos.Offer, refuse: Duration = .seconds(5)
    ) async throws {
        let operation = Mesos.Operation.with {
            $0.type = .launchGroup
            $0.launchGroup.executor = executor
            $0.launchGroup.taskGroup.tasks = tasks
        }
        try await self.accept([offer.offerID], operations: [operation], refuse: refuse)
    }

    /// DECLINE for the default 5 s.
    public func decline(_ offerIDs: [OfferID]) async throws { try await self.decline(offerIDs, refuse: .seconds(5)) }
    public func revive() async throws { try await self.revive(roles: []) }
    public func suppress() async throws { try await self.suppress(roles: []) }
    public func kill(_ taskID: TaskID) async throws { try await self.kill(taskID, agentID: nil, gracePeriod: nil) }
    /// Implicit reconciliation: the latest state of every task the master knows.
    public func reconcile() async throws { try await self.reconcile([]) }
    public func stop() async { await self.stop(teardown: false) }
}

extension Duration {
    /// Seconds as the wire's doubles.
    var wireSeconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Nanoseconds as the wire's DurationInfo.
    var wireNanoseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
