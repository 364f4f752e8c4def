/// What an agent runs, as it reports it when it re-registers with a master, and the
/// status updates it forwards. Shared by the agent's and the master's state machines.

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
