import AgoraHTTP
import Foundation

/// How a framework connects to a master.
public struct SchedulerConfiguration: Sendable {
    /// The master: `host:port`, `http://host:port`, `zk://host1:2181,host2:2181/path` (the
    /// leader is found in ZooKeeper and followed when it changes) or `file:///path` (a file
    /// holding one of those). Redirects (307) from a non-leading master are followed.
    public var master: String
    /// The framework's description. Set `id` to re-subscribe as an existing framework.
    public var framework: Mesos.FrameworkInfo
    /// Roles not to be offered resources for, from the start.
    public var suppressedRoles: [String] = []
    /// Acknowledge every status update that needs it, right after delivering it.
    public var automaticAcknowledgements = true
    /// Re-subscribe after a broken stream, waiting this long at first and doubling...
    public var reconnectDelay: Duration = .milliseconds(100)
    /// ...up to this long.
    public var maxReconnectDelay: Duration = .seconds(5)
    /// The stream counts as dead after this many heartbeat intervals without an event.
    public var missedHeartbeatsAllowed = 5
    /// Wire encoding for calls and events.
    public var encoding: MessageEncoding = .protobuf
    /// How long a call waits for a subscription while the driver (re-)subscribes.
    public var callTimeout: Duration = .seconds(30)
    /// ZooKeeper session timeout when `master` is a `zk://` URL.
    public var zooKeeperSessionTimeout: Duration = .seconds(10)
    /// The principal and secret to authenticate with (HTTP Basic on every call, as
    /// pymesos does); the principal also goes into FrameworkInfo unless it names one.
    public var credential: (principal: String, secret: String)?

    public init(master: String, framework: Mesos.FrameworkInfo) {
        self.master = master
        self.framework = framework
    }

    /// A framework named `name` run by `user`, failing over within `failoverTimeout`.
    public init(master: String, name: String, user: String = "root", failoverTimeout: Duration = .seconds(604_800), roles: [String] = []) {
        var framework = Mesos.FrameworkInfo()
        framework.name = name
        framework.user = user
        let (seconds, attoseconds) = failoverTimeout.components
        framework.failoverTimeout = Double(seconds) + Double(attoseconds) / 1e18
        if !roles.isEmpty {
            framework.roles = roles
            framework.capabilities.append(.with { $0.type = .multiRole })
        }
        self.init(master: master, framework: framework)
    }

}

/// Why a call could not be made.
public enum SchedulerError: Error, CustomStringConvertible, Equatable {
    /// No subscription came within the call timeout.
    case notSubscribed
    /// The driver was stopped.
    case stopped
    /// The master removed the framework (teardown or failover timeout); it cannot come back.
    case removed
    /// The master location could not be parsed.
    case badMaster(String)

    public var description: String {
        switch self {
        case .notSubscribed: "The framework is not subscribed (no subscription within the call timeout)"
        case .stopped: "The scheduler driver was stopped"
        case .removed: "The framework has been removed by the master"
        case .badMaster(let problem): "Bad master location: \(problem)"
        }
    }
}
