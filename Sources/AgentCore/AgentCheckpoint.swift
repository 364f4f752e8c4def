import AgoraModel

/// Where a task lives on the agent: the checkpoint's directory path for it.
public struct TaskLocation: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var executorID: ExecutorID
    public var containerID: ContainerID
    public var taskID: TaskID

    public init(frameworkID: FrameworkID, executorID: ExecutorID, containerID: ContainerID, taskID: TaskID) {
        self.frameworkID = frameworkID
        self.executorID = executorID
        self.containerID = containerID
        self.taskID = taskID
    }
}

/// An executor run as the checkpoint keeps it: enough to find and re-adopt its process
/// and to rebuild its record after a restart.
public struct ExecutorCheckpoint: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var spec: ExecutorSpec
    public var containerID: ContainerID
    public var sandbox: String
    public var isCommandExecutor: Bool
    public var isGeneratedForCommandTask: Bool

    public init(
        frameworkID: FrameworkID, spec: ExecutorSpec, containerID: ContainerID, sandbox: String, isCommandExecutor: Bool,
        isGeneratedForCommandTask: Bool
    ) {
        self.frameworkID = frameworkID
        self.spec = spec
        self.containerID = containerID
        self.sandbox = sandbox
        self.isCommandExecutor = isCommandExecutor
        self.isGeneratedForCommandTask = isGeneratedForCommandTask
    }
}

/// One durable change the shell must write (atomically) before it carries out the
/// directives after it: nothing is acknowledged to anyone before it is on disk. Only
/// frameworks that asked for checkpointing (`FrameworkInfo.checkpoint`) are written,
/// as in Mesos; the agent's own identity always is.
public enum CheckpointChange: Hashable, Sendable {
    /// The agent's ID and address.
    case agent(AgentDescriptor)
    case framework(FrameworkDescriptor)
    /// A new executor run.
    case executor(ExecutorCheckpoint)
    /// A task handed to (or queued for) an executor.
    case task(TaskLocation, TaskSpec)
    /// A status update taken into the task's stream.
    case update(TaskLocation, StatusUpdate)
    /// The framework acknowledged the update with this UUID.
    case acknowledgement(TaskLocation, uuid: [UInt8])
}

/// What a restarted agent read back from its checkpoint.
public struct RecoveredState: Hashable, Sendable {
    /// The agent as it last registered (its ID above all).
    public var agent: AgentDescriptor
    public var frameworks: [FrameworkDescriptor]
    public var executors: [RecoveredExecutor]

    public init(agent: AgentDescriptor, frameworks: [FrameworkDescriptor] = [], executors: [RecoveredExecutor] = []) {
        self.agent = agent
        self.frameworks = frameworks
        self.executors = executors
    }
}

/// An executor run found in the checkpoint, and whether its process still runs.
public struct RecoveredExecutor: Hashable, Sendable {
    public var checkpoint: ExecutorCheckpoint
    public var tasks: [RecoveredTask]
    public var isAlive: Bool

    public init(checkpoint: ExecutorCheckpoint, tasks: [RecoveredTask], isAlive: Bool) {
        self.checkpoint = checkpoint
        self.tasks = tasks
        self.isAlive = isAlive
    }
}

/// A task found in the checkpoint: its spec, every update the agent took (in order) and
/// the UUIDs the framework acknowledged.
public struct RecoveredTask: Hashable, Sendable {
    public var spec: TaskSpec
    public var updates: [StatusUpdate]
    public var acknowledged: Set<[UInt8]>

    public init(spec: TaskSpec, updates: [StatusUpdate] = [], acknowledged: Set<[UInt8]> = []) {
        self.spec = spec
        self.updates = updates
        self.acknowledged = acknowledged
    }
}
