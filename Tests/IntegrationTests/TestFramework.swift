import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

/// Everything a test framework heard, for assertions.
actor EventLog {
    private(set) var updates: [Mesos.TaskStatus] = []
    private(set) var offers: [Mesos.Offer] = []
    private(set) var subscriptions = 0
    /// Subscriptions with the framework's existing ID (after a broken stream or failover).
    private(set) var resubscriptions = 0
    private(set) var errors: [String] = []
    private(set) var failures: [(agent: String?, executor: String?)] = []
    private(set) var messages: [(executor: String, data: String)] = []

    func record(_ event: SchedulerEvent) {
        switch event {
        case .update(let status): self.updates.append(status)
        case .offers(let offers): self.offers += offers
        case .rescind(let id): self.offers.removeAll { $0.offerID == id }
        case .subscribed: self.subscriptions += 1
        case .resubscribed:
            self.subscriptions += 1
            self.resubscriptions += 1
        case .error(let message): self.errors.append(message)
        case .failure(let agent, let executor, _): self.failures.append((agent?.value, executor?.value))
        case .message(_, let executor, let data): self.messages.append((executor.value, String(decoding: data, as: UTF8.self)))
        default: break
        }
    }

    func takeOffer() -> Mesos.Offer? { self.offers.isEmpty ? nil : self.offers.removeFirst() }

    /// Every offer held, removed from the log.
    func takeAllOffers() -> [Mesos.Offer] {
        defer { self.offers = [] }
        return self.offers
    }

    func dropOffers() { self.offers = [] }

    /// States of `taskID` in arrival order, each update once: delivery is at least once, and
    /// an update whose acknowledgement was slower than the agent's retry (a loaded machine)
    /// arrives again with the same UUID, which a framework must take as the same update.
    func states(of taskID: String) -> [Mesos.TaskState] {
        var seen: Set<Data> = []
        return self.updates.filter { $0.taskID.value == taskID && ($0.uuid.isEmpty || seen.insert($0.uuid).inserted) }.map(\.state)
    }

    func latest(_ taskID: String) -> Mesos.TaskStatus? { self.updates.last { $0.taskID.value == taskID } }
}

/// An SDK framework under test: a driver plus the log of what it heard.
final class TestFramework: Sendable {
    let driver: SchedulerDriver
    let log = EventLog()
    private let pump: Task<Void, Never>

    init(
        master: String, name: String = "test", id: FrameworkID? = nil, capabilities: [Mesos.FrameworkInfo.Capability.TypeEnum] = [],
        failoverTimeout: Duration = .seconds(3600), checkpoint: Bool = false, user: String = "root", partitionAware: Bool = false
    ) async throws {
        var configuration = SchedulerConfiguration(master: master, name: name, user: user, failoverTimeout: failoverTimeout)
        configuration.framework.checkpoint = checkpoint
        if let id { configuration.framework.id.value = id.value }
        let capabilities = capabilities + (partitionAware ? [.partitionAware] : [])
        configuration.framework.capabilities = capabilities.map { type in .with { $0.type = type } }
        configuration.maxReconnectDelay = .milliseconds(500)
        let driver = try SchedulerDriver(configuration: configuration)
        self.driver = driver
        let log = self.log
        let events = driver.events()
        self.pump = Task { for await event in events { await log.record(event) } }
        await driver.start()
    }

    func subscribed(within seconds: Double = 20) async throws {
        try await eventually("the framework to subscribe", within: seconds) { await self.driver.isSubscribed }
    }

    func nextOffer(within seconds: Double = 20) async throws -> Mesos.Offer {
        try await eventuallyValue("an offer", within: seconds) { await self.log.takeOffer() }
    }

    /// Launches one command task per entry on the next offers; returns the task IDs.
    @discardableResult
    func launch(_ commands: [(id: String, command: String)], cpus: Double = 0.01, mem: Double = 8) async throws -> [String] {
        var remaining = commands
        while !remaining.isEmpty {
            let offer = try await self.nextOffer()
            var budget = OfferResources(offer)
            var tasks: [Mesos.TaskInfo] = []
            while let next = remaining.first, let resources = budget.take(cpus: cpus, mem: mem) {
                remaining.removeFirst()
                tasks.append(.command(id: TaskID(next.id), command: next.command, resources: resources, on: offer))
            }
            try await self.driver.launch(tasks, on: offer, refuse: .zero)
        }
        return commands.map(\.id)
    }

    /// Launches `commands` as one task group under the default executor `executorID`.
    func launchGroup(_ executorID: String, _ commands: [(id: String, command: String)]) async throws {
        let offer = try await self.nextOffer()
        var budget = OfferResources(offer)
        let executorShare = budget.take(cpus: 0.1, mem: 32)
        let executorResources = try #require(executorShare)
        var tasks: [Mesos.TaskInfo] = []
        for command in commands {
            let share = budget.take(cpus: 0.01, mem: 8)
            tasks.append(.command(id: TaskID(command.id), command: command.command, resources: try #require(share), on: offer))
        }
        let executor = Mesos.ExecutorInfo.defaultExecutor(id: ExecutorID(executorID), resources: executorResources, on: offer)
        try await self.driver.launchGroup(tasks, executor: executor, on: offer, refuse: .zero)
    }

    /// Declines every offer it holds, so other frameworks get the resources.
    func declineHeldOffers(refuse: Duration = .seconds(5)) async throws {
        let offers = await self.log.takeAllOffers()
        for offer in offers { try await self.driver.decline([offer.offerID], refuse: refuse) }
    }

    func waitFor(_ state: Mesos.TaskState, of taskID: String, within seconds: Double = 20) async throws {
        try await eventually("\(taskID) to reach \(state.name)", within: seconds) {
            await self.log.states(of: taskID).contains(state)
        }
    }

    func stop(teardown: Bool = true) async {
        await self.driver.stop(teardown: teardown)
        self.pump.cancel()
    }
}

/// Runs `body` against a fresh cluster and always stops it; its logs are removed after a clean run
/// and kept when `body` throws (or always, with `AGORA_TEST_KEEP_LOGS=1`).
func withCluster(
    _ name: String, masterFlags: [String] = [], agents: Int = 1, agentResources: String? = nil,
    masterPort: Int = 0, agentFlags: [String] = [], _ body: (LocalCluster) async throws -> Void
) async throws {
    let cluster = try await LocalCluster(name: name, masterFlags: masterFlags, masterPort: masterPort)
    do {
        for _ in 0..<agents { try await cluster.addAgent(resources: agentResources ?? TaskPorts.resources(), flags: agentFlags) }
        try await body(cluster)
        await cluster.stop()
        Paths.discardScratch(cluster.directory)
    } catch {
        await cluster.stop()
        Issue.record("cluster logs in \(cluster.directory)")
        throw error
    }
}
