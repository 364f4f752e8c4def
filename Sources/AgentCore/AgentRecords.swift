import AgoraModel

/// Where an executor is in its life.
public enum ExecutorPhase: Hashable, Sendable {
    /// Spawned (or being spawned), not subscribed yet.
    case launching
    case running
    /// Told to shut down; destroyed if it lingers past the grace period.
    case terminating
    /// Its process is gone; kept until its tasks' updates are acknowledged.
    case terminated
}

/// The agent's record of an executor and its tasks.
public struct ExecutorRecord: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var spec: ExecutorSpec
    public var containerID: ContainerID
    public var sandbox: String
    public var isCommandExecutor: Bool
    /// Made by the agent for one command task (executor ID = task ID). Its exit is not
    /// reported to the master, which never knew it (Mesos does the same); every other
    /// executor — a framework's own, or the default executor of a task group — is.
    public var isGeneratedForCommandTask: Bool
    public var phase: ExecutorPhase
    public var connection: ConnectionID?
    /// Tasks waiting for the executor to subscribe, in launch order.
    public var queuedTasks: [TaskSpec] = []
    /// Whether the queued tasks form one task group.
    public var queuedAsGroup = false
    /// Tasks handed to the executor, with their latest state.
    public var tasks: [TaskID: AgentTaskRecord] = [:]
    /// Tasks the framework asked to kill, with the KILL's grace period. Until such a task
    /// ends, every (re-)subscription of the executor hears the kill again — a kill written
    /// to a stream that was already broken is not lost — and if the container goes first,
    /// the task ends TASK_KILLED.
    public var killRequested: [TaskID: Duration?] = [:]
    var deadline: MonotonicInstant?
    /// When a disconnected executor with kills or tasks waiting is given up on and destroyed.
    var reconnectDeadline: MonotonicInstant?
    /// Destroyed for not subscribing in time (its queued tasks say so).
    var registrationTimedOut = false
    /// Destroyed for not reconnecting in time with kills waiting.
    var reconnectTimedOut = false
    /// Found in the checkpoint by a restarted agent.
    public var recovered = false
    /// Limits the container hit (the kernel's OOM killer) that no task's end explains yet.
    public var limitations: [ContainerLimitation] = []

    /// What the container holds: the executor's resources and its tasks'.
    public var resources: Resources {
        self.tasks.values.filter { !$0.state.isTerminal }.reduce(self.spec.resources) { $0 + $1.spec.resources }
            + self.queuedTasks.reduce(Resources()) { $0 + $1.resources }
    }

    public var executorID: ExecutorID { self.spec.executorID }
}

/// A resource limit a container hit, and how the task it ended should say so.
public struct ContainerLimitation: Hashable, Sendable {
    public var reason: TaskStatusReason
    public var message: String

    public init(reason: TaskStatusReason, message: String) {
        self.reason = reason
        self.message = message
    }
}

/// A task on the agent and the newest state it reached.
public struct AgentTaskRecord: Hashable, Sendable {
    public var spec: TaskSpec
    public var state: TaskState
    public var latestStatus: TaskStatus?
    /// UUIDs of every update the agent took for the task: one sent again (an executor
    /// resending what it never saw acknowledged) is acknowledged, not taken twice.
    var updateUUIDs: Set<[UInt8]> = []

    public init(spec: TaskSpec, state: TaskState, latestStatus: TaskStatus? = nil) {
        self.spec = spec
        self.state = state
        self.latestStatus = latestStatus
    }
}

/// Where the agent stands with its master.
public enum MasterLink: Hashable, Sendable {
    case disconnected
    case registered(AgentID)
}
