/// Mesos task states as the SDK reports them (`TASK_RUNNING`, ...).
public enum TaskState: String, Hashable, Sendable, Codable, CaseIterable {
    case staging = "TASK_STAGING"
    case starting = "TASK_STARTING"
    case running = "TASK_RUNNING"
    case killing = "TASK_KILLING"
    case finished = "TASK_FINISHED"
    case failed = "TASK_FAILED"
    case killed = "TASK_KILLED"
    case error = "TASK_ERROR"
    case lost = "TASK_LOST"
    case dropped = "TASK_DROPPED"
    case unreachable = "TASK_UNREACHABLE"
    case gone = "TASK_GONE"
    case goneByOperator = "TASK_GONE_BY_OPERATOR"
    case unknown = "TASK_UNKNOWN"

    /// The task is over and will send nothing more.
    public var isTerminal: Bool {
        [.finished, .failed, .killed, .error, .lost, .dropped, .gone, .goneByOperator, .unknown].contains(self)
    }

    /// Terminal states that grow the launch backoff (Marathon: Failed, Error, Dropped, Gone,
    /// Finished; LOST and UNKNOWN count as Gone). A kill does not.
    public var countsAsFailure: Bool { self.isTerminal && self != .killed }
}

/// A status update for one task, as the shell got it from the master.
public struct TaskStatusUpdate: Hashable, Sendable {
    public var taskID: String
    public var state: TaskState
    public var agentID: String?
    public var message: String?
    public var reason: String?
    /// The agent-side health check result (`TaskStatus.healthy`), if any.
    public var healthy: Bool?

    public init(
        taskID: String, state: TaskState, agentID: String? = nil, message: String? = nil, reason: String? = nil,
        healthy: Bool? = nil
    ) {
        self.taskID = taskID
        self.state = state
        self.agentID = agentID
        self.message = message
        self.reason = reason
        self.healthy = healthy
    }
}
