import AgoraModel
import Allocator

/// Settings of the master's state machine. Every field has a working default.
public struct MasterConfiguration: Sendable {
    /// HEARTBEAT cadence on framework streams (Mesos: 15 s, advertised in SUBSCRIBED).
    public var heartbeatInterval: Duration = .seconds(15)
    /// How often agents must send HEARTBEAT calls, and how often the master pings them.
    public var agentHeartbeatInterval: Duration = .seconds(2)
    /// An agent silent (or disconnected) this long is unreachable; its tasks are reported
    /// TASK_UNREACHABLE or TASK_LOST. Mesos waits 75 s; a few missed heartbeats suffice.
    public var agentTimeout: Duration = .seconds(10)
    /// After a failover, how long agents known from the registry have to re-register
    /// before they are declared unreachable (Mesos `--agent_reregister_timeout`, 10 min).
    public var agentReregisterTimeout: Duration = .seconds(600)
    /// Outstanding offers older than this are rescinded; nil keeps them (Mesos default).
    public var offerTimeout: Duration?
    /// A framework known only from an agent's report (after a master restart) is kept at
    /// least this long for its scheduler to re-subscribe, whatever its failover_timeout.
    public var recoveredFrameworkGrace: Duration = .seconds(60)
    /// Terminal tasks remembered per framework for /state.
    public var maxCompletedTasksPerFramework = 1000
    /// Frameworks remembered after removal, so a late re-subscription is refused.
    public var maxCompletedFrameworks = 50
    /// Status entries kept on each task (newest last).
    public var maxStatusesPerTask = 10
    public var allocator = AllocatorConfiguration()

    public init() {}
}
