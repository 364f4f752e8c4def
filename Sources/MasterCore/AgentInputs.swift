import AgoraModel

/// An agent's (re-)registration, with what it runs when it re-registers.
public struct AgentRegistration: Hashable, Sendable {
    public var agent: AgentDescriptor
    public var frameworks: [FrameworkDescriptor]
    public var executors: [ReportedExecutor]
    public var tasks: [ReportedTask]
    public var connection: ConnectionID
    public var streamID: String

    public init(
        agent: AgentDescriptor, frameworks: [FrameworkDescriptor] = [], executors: [ReportedExecutor] = [],
        tasks: [ReportedTask] = [], connection: ConnectionID, streamID: String
    ) {
        self.agent = agent
        self.frameworks = frameworks
        self.executors = executors
        self.tasks = tasks
        self.connection = connection
        self.streamID = streamID
    }
}

public struct ReportedExecutor: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var executor: ExecutorSpec
    public init(frameworkID: FrameworkID, executor: ExecutorSpec) {
        self.frameworkID = frameworkID
        self.executor = executor
    }
}

/// A task an agent reports on re-registration, in its latest known state.
public struct ReportedTask: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var spec: TaskSpec
    public var state: TaskState
    public var latestStatus: TaskStatus?

    public init(frameworkID: FrameworkID, spec: TaskSpec, state: TaskState, latestStatus: TaskStatus? = nil) {
        self.frameworkID = frameworkID
        self.spec = spec
        self.state = state
        self.latestStatus = latestStatus
    }
}

/// A status update forwarded by an agent.
public struct StatusUpdate: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var status: TaskStatus
    /// The newest state the agent knows, which may be ahead of `status` while older
    /// updates wait for acknowledgement.
    public var latestState: TaskState?

    public init(frameworkID: FrameworkID, status: TaskStatus, latestState: TaskState? = nil) {
        self.frameworkID = frameworkID
        self.status = status
        self.latestState = latestState
    }
}

/// A call from a registered agent.
public enum AgentCall: Hashable, Sendable {
    case update(StatusUpdate)
    case heartbeat
    case executorExited(FrameworkID, ExecutorID, status: Int32?)
    case message(FrameworkID, ExecutorID, data: [UInt8])
}
