import AgoraModel
import Allocator

/// The master's state machine: frameworks, agents, offers and tasks. Pure and
/// deterministic: inputs come in with `now`, directives go out, and the shell does all I/O
/// (streams, sockets, timers). IDs derive from `masterID` and counters.
///
/// Semantics follow Mesos (reference/mesos.md §1, §5, §6): framework failover and
/// failover_timeout, offers from the DRF allocator, task validation, reliable status
/// updates forwarded and acknowledged end to end, reconciliation, agents becoming
/// unreachable when silent.
public struct MasterCore: Sendable {
    public let configuration: MasterConfiguration
    public let masterID: String
    public internal(set) var allocator: Allocator
    public internal(set) var frameworks: [FrameworkID: FrameworkRecord] = [:]
    public internal(set) var agents: [AgentID: AgentRecord] = [:]
    public internal(set) var offers: [OfferID: OfferRecord] = [:]
    /// Frameworks that were torn down or timed out, newest last.
    public internal(set) var completedFrameworks: [FrameworkRecord] = []
    public let startedAt: MonotonicInstant
    /// Wall-clock seconds (Unix epoch) at `startedAt`; turns instants into timestamps.
    public let wallClockAtStart: Double
    var frameworkByConnection: [ConnectionID: FrameworkID] = [:]
    var agentByConnection: [ConnectionID: AgentID] = [:]
    /// What the shell has been asked to store; recovery starts from it.
    public internal(set) var registry = Registry()
    var nextFrameworkNumber = 0
    var nextAgentNumber = 0
    var nextOfferNumber = 0
    var nextAllocation: MonotonicInstant
    var allocationRequested = false
    public internal(set) var metrics = MasterMetrics()
    /// Whether operator events (`.publish`) are emitted; on while someone subscribed.
    public internal(set) var publishesOperatorEvents = false

    public init(
        configuration: MasterConfiguration = MasterConfiguration(), masterID: String, now: MonotonicInstant,
        wallClock: Double = 0
    ) {
        self.configuration = configuration
        self.masterID = masterID
        self.wallClockAtStart = wallClock
        self.allocator = Allocator(configuration: configuration.allocator)
        self.startedAt = now
        self.nextAllocation = now + configuration.allocator.allocationInterval
    }

    /// Unix time of `instant`, for the timestamps of statuses the master writes.
    public func wallTime(_ instant: MonotonicInstant) -> Double {
        self.wallClockAtStart + (instant - self.startedAt).seconds
    }

    // MARK: - IDs

    mutating func newFrameworkID() -> FrameworkID {
        defer { self.nextFrameworkNumber += 1 }
        let number = String(self.nextFrameworkNumber)
        return FrameworkID("\(self.masterID)-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number)")
    }

    mutating func newAgentID() -> AgentID {
        defer { self.nextAgentNumber += 1 }
        return AgentID("\(self.masterID)-S\(self.nextAgentNumber)")
    }

    mutating func newOfferID() -> OfferID {
        defer { self.nextOfferNumber += 1 }
        return OfferID("\(self.masterID)-O\(self.nextOfferNumber)")
    }

    /// Asks the shell for an allocation run, once per burst of changes.
    mutating func wantAllocation(_ directives: inout [MasterDirective]) {
        guard !self.allocationRequested else { return }
        self.allocationRequested = true
        directives.append(.allocationWanted)
    }

    /// Records `change` and asks the shell to store it before anything after it is said.
    /// Consecutive changes travel as one batch, written atomically.
    mutating func persist(_ change: RegistryChange, _ directives: inout [MasterDirective]) {
        self.registry.apply(change)
        if case .persist(let earlier) = directives.last {
            directives[directives.count - 1] = .persist(earlier + [change])
        } else {
            directives.append(.persist([change]))
        }
    }

    func isRemoved(_ id: FrameworkID) -> Bool { self.registry.removedFrameworks[id] != nil }

    /// The event to send a framework, if it is connected.
    func send(_ event: FrameworkEvent, to frameworkID: FrameworkID, _ directives: inout [MasterDirective]) {
        guard let connection = self.frameworks[frameworkID]?.connection else { return }
        directives.append(.sendToFramework(connection, event))
    }

    /// The message to send an agent, if it is connected.
    func send(_ message: AgentMessage, toAgent agentID: AgentID, _ directives: inout [MasterDirective]) {
        guard let agent = self.agents[agentID], agent.isConnected, let connection = agent.connection else { return }
        directives.append(.sendToAgent(connection, message))
    }
}

/// Counters for /metrics/snapshot (Mesos `master/*` names).
public struct MasterMetrics: Hashable, Sendable {
    public var tasksByTerminalState: [TaskState: Int] = [:]
    public var frameworkRemovals = 0
    public var agentRemovals = 0
    public var agentRegistrations = 0
    public var agentReregistrations = 0
    public var allocationRuns = 0
    public var offersMade = 0
    public var offersDeclined = 0
    public var offersRescinded = 0
    public var invalidStatusUpdates = 0
    public var validStatusUpdates = 0
    public var lastAllocationRunMilliseconds = 0.0
}
