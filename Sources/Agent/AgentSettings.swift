import AgentCore

/// How to run an agent. The state machine's own settings are in `core`.
public struct AgentSettings: Sendable {
    /// Address to bind for the executor and operator APIs.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port = 5051
    /// The master: `host:port`, `http://host:port`, `zk://hosts/path` or `file:///path`.
    public var master = "127.0.0.1:5050"
    /// ZooKeeper session timeout when `master` is a `zk://` URL.
    public var zooKeeperSessionTimeout: Duration = .seconds(10)
    /// Hostname to advertise; defaults to `host`.
    public var hostname: String?
    /// Resources in the flag format (`cpus:4;mem:1024;ports:[31000-32000]`) or as a JSON
    /// array; what is not given is detected.
    public var resources: String?
    /// Attributes in the flag format (`rack:r1;zone:2`).
    public var attributes: String?
    /// argv of the built-in command executor: `agora-executor`, or `agora executor`.
    public var executorCommand = ["agora", "executor"]
    /// How often the state machine's timers are checked.
    public var tickInterval: Duration = .milliseconds(100)
    /// Longest pause between attempts to reach the master.
    public var maxReconnectDelay: Duration = .seconds(2)
    /// Largest request body accepted from executors.
    public var maxRequestBytes = 16 << 20
    public var core = AgentConfiguration()

    public init() {}
}
