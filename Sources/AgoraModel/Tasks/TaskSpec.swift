/// What a framework asked to launch (Mesos `TaskInfo`), as the cores see it. The full
/// TaskInfo travels along in `payload`; the shells rebuild it with `resources`, which the
/// master completes with allocation roles.
public struct TaskSpec: Hashable, Sendable {
    public var taskID: TaskID
    public var name: String
    public var agentID: AgentID
    public var resources: Resources
    /// The framework's own executor, or nil for a command task run by the built-in one.
    public var executor: ExecutorSpec?
    public var hasCommand: Bool
    /// Grace between SIGTERM and SIGKILL (kill_policy.grace_period), nil for the default.
    public var killGracePeriod: Duration?
    /// Names in TaskInfo.limits, with their values (Infinity allowed).
    public var limits: [String: Double]
    /// The user the task asked to run as (its command's, else its executor's); nil: the
    /// framework's user.
    public var user: String?
    public var payload: WirePayload

    public init(
        taskID: TaskID,
        name: String,
        agentID: AgentID,
        resources: Resources,
        executor: ExecutorSpec? = nil,
        hasCommand: Bool = true,
        killGracePeriod: Duration? = nil,
        limits: [String: Double] = [:],
        payload: WirePayload = WirePayload()
    ) {
        self.taskID = taskID
        self.name = name
        self.agentID = agentID
        self.resources = resources
        self.executor = executor
        self.hasCommand = hasCommand
        self.killGracePeriod = killGracePeriod
        self.limits = limits
        self.payload = payload
    }

    /// The executor that runs the task: its own, or the command executor named after it.
    public var executorID: ExecutorID { self.executor?.executorID ?? ExecutorID(self.taskID.value) }
}

/// An executor a framework provides (Mesos `ExecutorInfo`).
public struct ExecutorSpec: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The agent's default executor, used for task groups.
        case `default`
        /// A framework-supplied executor command.
        case custom
    }

    public var executorID: ExecutorID
    public var kind: Kind
    public var resources: Resources
    public var hasCommand: Bool
    public var payload: WirePayload

    public init(
        executorID: ExecutorID, kind: Kind = .custom, resources: Resources = Resources(), hasCommand: Bool = true,
        payload: WirePayload = WirePayload()
    ) {
        self.executorID = executorID
        self.kind = kind
        self.resources = resources
        self.hasCommand = hasCommand
        self.payload = payload
    }
}
