/// A task's state, numbered as Mesos's `TaskState`.
public enum TaskState: Int, Hashable, Sendable, CaseIterable {
    case starting = 0
    case running = 1
    case finished = 2
    case failed = 3
    case killed = 4
    case lost = 5
    case staging = 6
    case error = 7
    case killing = 8
    /// Partition-aware frameworks only, like the four after it.
    case dropped = 9
    case unreachable = 10
    case gone = 11
    case goneByOperator = 12
    case unknown = 13

    /// No further state can follow (TASK_LOST counts: the task is gone as far as the
    /// framework can tell, even if it may later turn out to be running).
    public var isTerminal: Bool {
        switch self {
        case .finished, .failed, .killed, .error, .lost, .dropped, .gone, .goneByOperator: true
        default: false
        }
    }

    /// The Mesos name, e.g. `TASK_RUNNING`.
    public var name: String {
        switch self {
        case .starting: "TASK_STARTING"
        case .running: "TASK_RUNNING"
        case .finished: "TASK_FINISHED"
        case .failed: "TASK_FAILED"
        case .killed: "TASK_KILLED"
        case .lost: "TASK_LOST"
        case .staging: "TASK_STAGING"
        case .error: "TASK_ERROR"
        case .killing: "TASK_KILLING"
        case .dropped: "TASK_DROPPED"
        case .unreachable: "TASK_UNREACHABLE"
        case .gone: "TASK_GONE"
        case .goneByOperator: "TASK_GONE_BY_OPERATOR"
        case .unknown: "TASK_UNKNOWN"
        }
    }

    /// What a framework without the PARTITION_AWARE capability is told instead: the newer
    /// partition states all read as TASK_LOST to it.
    public func visible(toPartitionAware partitionAware: Bool) -> TaskState {
        guard !partitionAware else { return self }
        switch self {
        case .dropped, .unreachable, .gone, .goneByOperator, .unknown: return .lost
        default: return self
        }
    }
}

/// Who produced a status update.
public enum TaskStatusSource: Int, Hashable, Sendable {
    case master = 0
    case agent = 1
    case executor = 2
}

/// Why a status update happened, numbered as Mesos's `TaskStatus.Reason`.
public enum TaskStatusReason: Int, Hashable, Sendable {
    case commandExecutorFailed = 0
    case executorTerminated = 1
    case executorUnregistered = 2
    case frameworkRemoved = 3
    case gcError = 4
    case invalidFrameworkID = 5
    case invalidOffers = 6
    case masterDisconnected = 7
    case containerLimitationMemory = 8
    case reconciliation = 9
    case agentDisconnected = 10
    case agentRemoved = 11
    case agentRestarted = 12
    case agentUnknown = 13
    case taskInvalid = 14
    case taskUnauthorized = 15
    case taskUnknown = 16
    case containerPreempted = 17
    case resourcesUnknown = 18
    case containerLimitation = 19
    case containerLimitationDisk = 20
    case containerLaunchFailed = 21
    case containerUpdateFailed = 22
    case executorRegistrationTimeout = 23
    case executorReregistrationTimeout = 24
    case taskGroupInvalid = 25
    case taskGroupUnauthorized = 26
    case ioSwitchboardExited = 27
    case taskCheckStatusUpdated = 28
    case taskHealthCheckStatusUpdated = 29
    case taskKilledDuringLaunch = 30
    case agentRemovedByOperator = 31
    case agentReregistered = 32
    case maxCompletionTimeReached = 33
    case agentDraining = 34
}
