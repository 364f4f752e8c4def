import Foundation

/// What a framework hears from the master, plus the SDK's own connection news.
public enum SchedulerEvent: Sendable {
    /// Subscribed (again): the framework's ID and the master's description.
    case subscribed(frameworkID: String, heartbeatInterval: Double, master: Mesos.MasterInfo)
    case offers([Mesos.Offer])
    /// An offer was taken back; do not use it.
    case rescind(offerID: String)
    /// A task changed state. With automatic acknowledgement on, the SDK acknowledges it.
    case update(Mesos.TaskStatus)
    case message(agentID: String, executorID: String, data: Data)
    /// An executor exited, or (no executor) an agent was lost.
    case failure(agentID: String?, executorID: String?, status: Int32?)
    /// The master refused or dropped the subscription (e.g. "Framework has been removed").
    case error(String)
    case heartbeat
    /// The event stream broke; the SDK re-subscribes with backoff unless stopped.
    case disconnected(reason: String)
}
