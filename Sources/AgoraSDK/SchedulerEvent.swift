import Foundation

/// What a framework hears from the master, plus the SDK's own connection news.
public enum SchedulerEvent: Sendable {
    /// Subscribed for the first time: the framework's new ID and the master's description.
    case subscribed(frameworkID: FrameworkID, heartbeatInterval: Duration, master: Mesos.MasterInfo)
    /// Subscribed again with the framework's existing ID — after a broken stream, a master
    /// failover, or a restart of the framework with a stored ID. Offers from before are
    /// gone and updates may have been missed: reconcile now.
    case resubscribed(frameworkID: FrameworkID, heartbeatInterval: Duration, master: Mesos.MasterInfo)
    case offers([Mesos.Offer])
    /// An offer was taken back; do not use it.
    case rescind(OfferID)
    /// A task changed state. With automatic acknowledgement on, the SDK acknowledges it.
    case update(Mesos.TaskStatus)
    case message(agentID: AgentID, executorID: ExecutorID, data: Data)
    /// An executor exited, or (no executor) an agent was lost.
    case failure(agentID: AgentID?, executorID: ExecutorID?, status: Int32?)
    /// The master refused or dropped the subscription (e.g. "Framework has been removed").
    case error(String)
    case heartbeat
    /// The event stream broke; the SDK re-subscribes (to the current leader) unless stopped.
    case disconnected(reason: String)
}

/// A task to reconcile: its ID and, when known, its agent.
public struct ReconcileTask: Hashable, Sendable {
    public var taskID: TaskID
    public var agentID: AgentID?

    public init(_ taskID: TaskID, agentID: AgentID? = nil) {
        self.taskID = taskID
        self.agentID = agentID
    }
}
