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

/// A call from a registered agent.
public enum AgentCall: Hashable, Sendable {
    case update(StatusUpdate)
    case heartbeat
    case executorExited(FrameworkID, ExecutorID, status: Int32?)
    case message(FrameworkID, ExecutorID, data: [UInt8])
}
