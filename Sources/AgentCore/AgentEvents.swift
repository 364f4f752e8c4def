import AgoraModel

/// What the agent tells an executor on its stream (Mesos executor `Event`).
public enum ExecutorEvent: Hashable, Sendable {
    case subscribed(executor: ExecutorSpec, framework: FrameworkDescriptor, agentID: AgentID, containerID: ContainerID)
    case launch(TaskSpec)
    case launchGroup([TaskSpec])
    case kill(TaskID, killGracePeriod: Duration?)
    case acknowledged(TaskID, uuid: [UInt8])
    case message([UInt8])
    case shutdown
    case error(String)
    case heartbeat
}

/// What the agent sends the master.
public enum AgentToMaster: Hashable, Sendable {
    case update(StatusUpdate)
    case executorExited(FrameworkID, ExecutorID, status: Int32?)
    case message(FrameworkID, ExecutorID, data: [UInt8])
    case heartbeat
}

/// A process the shell must start in a fresh sandbox.
public struct ExecutorLaunch: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var executor: ExecutorSpec
    public var containerID: ContainerID
    /// Absolute path of the sandbox to create; the process runs there.
    public var sandbox: String
    /// Whether this is Agora's built-in command executor (`agora executor`); otherwise the
    /// shell runs the ExecutorInfo's command.
    public var isCommandExecutor: Bool
    /// The tasks the executor is started for (their URIs are fetched into the sandbox first).
    public var tasks: [TaskSpec]
    /// The exact environment of the process (reference/mesos.md §3.2).
    public var environment: [String: String]
    public var user: String
    /// Whether its framework checkpoints: the shell records the process so that a
    /// restarted agent can re-adopt it.
    public var checkpoint: Bool
}

/// What the shell must do after the agent core handled an input.
public enum AgentDirective: Hashable, Sendable {
    /// Write this to the checkpoint before carrying out anything after it.
    case checkpoint(CheckpointChange)
    case launchExecutor(ExecutorLaunch)
    /// Kill every process of the container: SIGTERM first unless `force`, SIGKILL when forced.
    case destroyContainer(ContainerID, force: Bool)
    case sendToExecutor(ConnectionID, ExecutorEvent)
    /// The container now holds these resources (a running executor got more tasks).
    case updateContainer(ContainerID, Resources)
    case closeExecutorStream(ConnectionID)
    /// The executor run is over and nothing of it is left to deliver: its sandbox and
    /// checkpoint may be removed once the GC delay has passed.
    case executorCompleted(FrameworkID, ExecutorID, ContainerID, sandbox: String)
    /// Deliver a call to the master and report how it went (`masterCallFinished`).
    case sendToMaster(OutboundCall)
}

/// The answer to an executor's call, as the v1 executor API's status codes.
public enum ExecutorCallResult: Hashable, Sendable {
    case accepted
    case badRequest(String)
    case forbidden(String)
}
