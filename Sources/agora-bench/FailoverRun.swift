import AgoraSDK
import Foundation

/// The framework side of the failover benchmark: launches the tasks, then, once the leader
/// is killed, follows the SDK back to the new leader and times each step from the kill.
actor FailoverRun {
    struct Timings {
        var resubscribed: Duration
        var reconciled: Duration
        var firstOffer: Duration
        /// Tasks that ended, or were reported anything but running, after the kill.
        var tasksLost: Int
    }

    let driver: SchedulerDriver
    let total: Int
    private var states: [TaskID: Mesos.TaskState] = [:]
    private var launched = 0
    private var killedAt: ContinuousClock.Instant?
    private var resubscribedAt: ContinuousClock.Instant?
    private var firstOfferAt: ContinuousClock.Instant?
    private var reconciled: Set<TaskID> = []
    private var reconciledAt: ContinuousClock.Instant?
    private var lost: Set<TaskID> = []

    init(master: String, tasks: Int) throws {
        var configuration = SchedulerConfiguration(master: master, name: "agora-bench-failover", failoverTimeout: .seconds(3600))
        configuration.maxReconnectDelay = .milliseconds(500)
        configuration.framework.capabilities = [.with { $0.type = .partitionAware }]
        self.driver = try SchedulerDriver(configuration: configuration)
        self.total = tasks
    }

    /// Launches the tasks and returns once they all run; then `kill` kills the leader, and
    /// the run follows the failover until every task is reconciled and an offer came.
    func run(kill: @escaping @Sendable () async -> ContinuousClock.Instant) async throws -> Timings {
        let events = self.driver.events()
        await self.driver.start()
        return try await withThrowingTaskGroup(of: Timings?.self) { group in
            group.addTask { try await self.follow(events, kill: kill) }
            group.addTask {
                try await self.reconcileUntilAnswered()
                return nil
            }
            while let result = try await group.next() {
                if let timings = result {
                    group.cancelAll()
                    return timings
                }
            }
            throw BenchError("the failover did not complete")
        }
    }

    private func follow(_ events: AsyncStream<SchedulerEvent>, kill: @Sendable () async -> ContinuousClock.Instant) async throws -> Timings {
        for await event in events {
            try await self.handle(event)
            if self.killedAt == nil, self.states.count == self.total, self.states.values.allSatisfy({ $0 == .taskRunning }) {
                print("\(self.total) tasks running; killing the leader")
                self.killedAt = await kill()
            }
            if let timings = self.timings { return timings }
        }
        throw BenchError("event stream ended before the failover completed")
    }

    func stop() async { await self.driver.stop(teardown: true) }

    private var timings: Timings? {
        guard let killedAt, let resubscribedAt, let reconciledAt, let firstOfferAt else { return nil }
        return Timings(
            resubscribed: resubscribedAt - killedAt, reconciled: reconciledAt - killedAt, firstOffer: firstOfferAt - killedAt,
            tasksLost: self.lost.count)
    }

    private func handle(_ event: SchedulerEvent) async throws {
        switch event {
        case .offers(let offers):
            if self.resubscribedAt != nil, self.firstOfferAt == nil { self.firstOfferAt = .now }
            for offer in offers { try await self.use(offer) }
        case .update(let status):
            self.record(status)
        case .resubscribed where self.killedAt != nil && self.resubscribedAt == nil:
            self.resubscribedAt = .now
        case .error(let message):
            throw BenchError("master error: \(message)")
        default:
            break
        }
    }

    /// Launches what still has to run; declines the rest briefly.
    private func use(_ offer: Mesos.Offer) async throws {
        var budget = OfferResources(offer)
        var tasks: [Mesos.TaskInfo] = []
        while self.launched < self.total, let resources = budget.take(cpus: 0.01, mem: 8) {
            tasks.append(.command(id: TaskID("failover-\(self.launched)"), command: "sleep 3600", resources: resources, on: offer))
            self.launched += 1
        }
        if tasks.isEmpty {
            try await self.driver.decline([offer.offerID], refuse: .seconds(1))
        } else {
            try await self.driver.launch(tasks, on: offer, refuse: .seconds(1))
        }
    }

    private func record(_ status: Mesos.TaskStatus) {
        self.states[status.id] = status.state
        guard self.killedAt != nil else { return }
        if status.state != .taskRunning { self.lost.insert(status.id) }
        guard status.reason == .reconciliation, self.reconciledAt == nil else { return }
        self.reconciled.insert(status.id)
        if self.reconciled.count == self.total { self.reconciledAt = .now }
    }

    /// Explicit reconciliation once re-subscribed, again every 250 ms for what is unanswered:
    /// a new leader does not answer for tasks on agents that have not re-registered yet.
    private func reconcileUntilAnswered() async throws {
        while self.reconciledAt == nil {
            let pending = self.states.keys.filter { !self.reconciled.contains($0) }
            if self.resubscribedAt != nil, !pending.isEmpty {
                try await self.driver.reconcile(pending.map { ReconcileTask($0) })
            }
            try await Task.sleep(for: .milliseconds(self.resubscribedAt == nil ? 10 : 250))
        }
    }
}
