import AgoraModel

/// Settings of the agent's state machine. Every field has a working default.
public struct AgentConfiguration: Sendable {
    /// Signs each executor's `MESOS_EXECUTOR_AUTHENTICATION_TOKEN` (`--jwt-secret-key`).
    public var executorTokenKey: [UInt8]?
    /// Root of sandboxes: `<workDir>/slaves/<agent>/frameworks/<fw>/executors/<ex>/runs/<container>`.
    public var workDir = "/tmp/agora"
    /// `ip:port` executors reach the agent at (MESOS_AGENT_ENDPOINT).
    public var endpoint = "127.0.0.1:5051"
    /// An executor that has not subscribed this long after launch is destroyed.
    public var executorRegistrationTimeout: Duration = .seconds(60)
    /// How long an executor told to shut down may take before it is destroyed.
    public var executorShutdownGracePeriod: Duration = .seconds(5)
    /// HEARTBEAT cadence on executor streams (Mesos DEFAULT_EXECUTOR_HEARTBEAT_INTERVAL),
    /// so idle connections are not dropped by anything in between.
    public var executorHeartbeatInterval: Duration = .seconds(30 * 60)
    /// First retry of an unacknowledged status update; doubles up to `statusUpdateRetryMax`.
    public var statusUpdateRetryMin: Duration = .seconds(2)
    public var statusUpdateRetryMax: Duration = .seconds(60)
    /// First retry of an agent→master call whose delivery failed; doubles up to `callRetryMax`.
    public var callRetryMin: Duration = .milliseconds(100)
    public var callRetryMax: Duration = .seconds(5)
    /// How long an executor may stay disconnected (its stream closed, or the agent
    /// restarted) before the agent gives up on it and destroys its container; also the
    /// MESOS_RECOVERY_TIMEOUT executors of checkpointing frameworks get.
    public var recoveryTimeout: Duration = .seconds(15 * 60)
    /// Longest pause between an executor's attempts to re-subscribe
    /// (MESOS_SUBSCRIPTION_BACKOFF_MAX).
    public var subscriptionBackoffMax: Duration = .seconds(2)
    /// Extra environment for every executor (Mesos `--executor_environment_variables`).
    public var executorEnvironment: [String: String] = [:]
    /// PATH given to executors that name none.
    public var defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    /// Executors whose work is done are remembered this many for `/state`.
    public var maxCompletedExecutors = 200

    public init() {}
}
