import OfferMatching

/// One instance of an app: a slot that is either waiting for an offer (`task == nil`) or runs
/// a task. A task that ends while the goal is `running` is replaced by the next incarnation
/// of the same instance (task ID `<app>.instance-<uuid>._app.<incarnation>`).
public struct Instance: Hashable, Sendable, Codable {
    public enum Goal: String, Hashable, Sendable, Codable {
        /// Keep a task running.
        case running
        /// Kill the task and forget the instance (scale-down, upgrade, app deletion).
        case decommissioned
    }

    public let id: String
    public let appID: PathID
    /// The app version the instance (re)started with.
    public var appVersion: Timestamp
    /// The app's `lastConfigChangeAt` at that version: old vs new during restarts.
    public var configVersion: Timestamp
    public var incarnation: Int
    public var goal: Goal
    /// When the instance last entered the launch queue.
    public var queuedAt: Timestamp
    public var task: LaunchedTask?

    public init(id: String, appID: PathID, appVersion: Timestamp, configVersion: Timestamp, queuedAt: Timestamp) {
        self.id = id
        self.appID = appID
        self.appVersion = appVersion
        self.configVersion = configVersion
        self.incarnation = 1
        self.goal = .running
        self.queuedAt = queuedAt
    }

    /// Waiting in the launch queue.
    public var isQueued: Bool { self.task == nil && self.goal == .running }

    /// The task ID the next launch of this instance uses.
    public var nextTaskID: String { "\(self.id)._app.\(self.incarnation)" }

    /// Counts toward the app's instances: wanted, and not written off as unreachable.
    public var isActive: Bool { self.goal == .running && self.task?.isInactive != true }
}

/// A task launched for an instance.
public struct LaunchedTask: Hashable, Sendable, Codable {
    public var id: String
    public var placement: Placement
    public var hostPorts: [Int]
    /// The newest state from Mesos; nil until the first status update after launch.
    public var state: TaskState?
    public var launchedAt: Timestamp
    public var stagedAt: Timestamp
    public var startedAt: Timestamp?
    public var unreachableSince: Timestamp?
    /// Unreachable for longer than `inactiveAfterSeconds`: a replacement was started.
    public var isInactive = false
    public var killRequestedAt: Timestamp?
    /// The agent-side health check verdict from status updates.
    public var agentHealthy: Bool?

    public init(id: String, placement: Placement, hostPorts: [Int], launchedAt: Timestamp) {
        self.id = id
        self.placement = placement
        self.hostPorts = hostPorts
        self.launchedAt = launchedAt
        self.stagedAt = launchedAt
    }

    public var isRunning: Bool { self.state == .running }

    /// Marathon's condition name for events and kill ordering.
    public var conditionName: String {
        if self.isInactive { return "UnreachableInactive" }
        switch self.state {
        case nil: return "Provisioned"
        case .staging: return "Staging"
        case .starting: return "Starting"
        case .running: return "Running"
        case .killing: return "Killing"
        case .unreachable: return "Unreachable"
        case .finished: return "Finished"
        case .failed: return "Failed"
        case .killed: return "Killed"
        case .error: return "Error"
        case .dropped: return "Dropped"
        case .lost, .gone, .goneByOperator: return "Gone"
        case .unknown: return "Unknown"
        }
    }
}
