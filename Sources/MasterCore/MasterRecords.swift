import AgoraModel

/// The master's record of a framework.
public struct FrameworkRecord: Hashable, Sendable {
    public var info: FrameworkDescriptor
    public var id: FrameworkID
    /// The open event stream, nil while disconnected.
    public var connection: ConnectionID?
    public var streamID: String?
    public var suppressedRoles: Set<String>
    public var registeredAt: MonotonicInstant
    public var reregisteredAt: MonotonicInstant?
    public var disconnectedAt: MonotonicInstant?
    /// Learned from an agent's re-registration; not subscribed since the master started.
    public var isRecovered: Bool
    public var offers: Set<OfferID> = []
    /// Tasks that are live, or terminal but not yet acknowledged.
    public var tasks: [TaskID: TaskRecord] = [:]
    /// Tasks on agents that are unreachable.
    public var unreachableTasks: [TaskID: TaskRecord] = [:]
    public var completedTasks: [TaskRecord] = []
    /// Custom executors by agent.
    public var executors: [AgentID: [ExecutorID: ExecutorSpec]] = [:]
    var nextHeartbeat: MonotonicInstant?

    public var isConnected: Bool { self.connection != nil }
    public var isActive: Bool { self.connection != nil }

    /// Keeps a finished task among the newest `limit` completed ones.
    mutating func keepCompleted(_ task: TaskRecord, limit: Int) {
        self.completedTasks.append(task)
        if self.completedTasks.count > limit { self.completedTasks.removeFirst() }
    }
}

/// The master's record of a task.
public struct TaskRecord: Hashable, Sendable {
    public var spec: TaskSpec
    public var frameworkID: FrameworkID
    public var role: String
    /// Newest state the master knows.
    public var state: TaskState
    /// Most recent statuses, oldest first.
    public var statuses: [TaskStatus] = []
    /// Whether its resources went back to the allocator (on the first terminal state).
    var resourcesReleased = false
    public var unreachableTime: Double?

    public var latestStatus: TaskStatus? { self.statuses.last }
}

/// Where an agent stands with the master.
public enum AgentHealth: Hashable, Sendable {
    /// Known from the registry after a failover; not re-registered yet. Its tasks are
    /// unknown, so questions about them wait for it (or for its re-registration timeout).
    case recovering(since: MonotonicInstant)
    case connected
    case disconnected(since: MonotonicInstant)
    case unreachable(since: MonotonicInstant)
}

/// The master's record of an agent.
public struct AgentRecord: Hashable, Sendable {
    public var info: AgentDescriptor
    public var id: AgentID
    public var connection: ConnectionID?
    public var streamID: String?
    public var health: AgentHealth
    public var registeredAt: MonotonicInstant
    public var reregisteredAt: MonotonicInstant?
    var lastHeard: MonotonicInstant
    var nextHeartbeat: MonotonicInstant
    /// Tasks on the agent by framework.
    public var tasks: [FrameworkID: Set<TaskID>] = [:]

    public var isConnected: Bool { self.health == .connected }

    /// Not declared unreachable.
    public var isReachable: Bool {
        if case .unreachable = self.health { false } else { true }
    }

    public var isRecovering: Bool {
        if case .recovering = self.health { true } else { false }
    }
}

/// An outstanding offer and when it was made.
public struct OfferRecord: Hashable, Sendable {
    public var offer: Offer
    public var madeAt: MonotonicInstant
}
