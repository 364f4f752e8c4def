import AgoraModel

/// What the master tells a framework on its event stream (Mesos scheduler `Event`).
public enum FrameworkEvent: Hashable, Sendable {
    case subscribed(FrameworkID, heartbeatInterval: Duration)
    case offers([Offer])
    case rescind(OfferID)
    case update(TaskStatus)
    case message(AgentID, ExecutorID, data: [UInt8])
    /// An executor exited (with its wait status), or, without an executor, an agent was lost.
    case failure(AgentID, ExecutorID?, status: Int32?)
    case error(String)
    case heartbeat
}

/// What the master tells an agent on its stream.
public enum AgentMessage: Hashable, Sendable {
    case subscribed(AgentID, heartbeatInterval: Duration)
    case runTasks(framework: FrameworkDescriptor, executor: ExecutorSpec?, tasks: [TaskSpec], isGroup: Bool)
    case killTask(FrameworkID, TaskID, killGracePeriod: Duration?)
    case shutdownExecutor(FrameworkID, ExecutorID)
    case shutdownFramework(FrameworkID)
    case acknowledge(FrameworkID, TaskID, uuid: [UInt8])
    case message(FrameworkID, ExecutorID, data: [UInt8])
    case error(String)
    case heartbeat
}

/// What the shell must do after the core handled an input.
public enum MasterDirective: Hashable, Sendable {
    case sendToFramework(ConnectionID, FrameworkEvent)
    case closeFrameworkStream(ConnectionID)
    case sendToAgent(ConnectionID, AgentMessage)
    case closeAgentStream(ConnectionID)
    /// Something changed that may produce offers: run `allocate` soon (coalescing bursts).
    case allocationWanted
    /// Store these registry changes, atomically. Nothing after this directive (in this
    /// batch or any later one) may reach anyone before the write is durable; if it fails,
    /// the master must stop acting as leader.
    case persist([RegistryChange])
    /// Tell operator subscribers (only emitted while `publishesOperatorEvents` is on).
    case publish(OperatorEvent)
}

/// The answer to a non-SUBSCRIBE scheduler call, as Mesos's status codes.
public enum CallResult: Hashable, Sendable {
    /// 202
    case accepted
    /// 200 (UPDATE_FRAMEWORK)
    case ok
    /// 400
    case badRequest(String)
    /// 403
    case forbidden(String)
    /// 501
    case notImplemented(String)
}
