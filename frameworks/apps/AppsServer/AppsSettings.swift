import AgoraSecurity
import AppsCore
import Coordination

/// Everything `agora apps` can be told: where it listens, which master it uses, where its
/// state lives, and the core's tunables.
public struct AppsSettings: Sendable {
    /// Who may call the HTTP API: protected mode (this host only) until credentials are given.
    public var access = AccessPolicy(credentials: nil, realm: "marathon")
    /// What the framework authenticates to the master with
    /// (`--mesos_authentication_principal` and `--mesos_authentication_secret_file`).
    public var masterCredential: Credential?
    /// Address to bind.
    public var host = "127.0.0.1"
    /// Port to bind (0: any free port). Marathon's default is 8080.
    public var port = 8080
    /// Host name other apps servers and clients reach this one by (default: `host`).
    public var advertisedHostname: String?
    /// The master: `host:port`, `http://host:port`, `zk://.../agora` or `file:///path`.
    public var master = "127.0.0.1:5050"
    /// Where the SQLite state store lives when there is no ZooKeeper (`<workDir>/apps.db`).
    public var workDir = ".agora-apps"
    /// HA mode: `zk://host:port/path`; candidates elect a leader under `<path>/leader` and keep
    /// their state under `<path>/state`.
    public var zooKeeper: ZooKeeperURL?
    public var zooKeeperSessionTimeout: Duration = .seconds(10)
    /// The framework's name at the master (Marathon registers as `marathon`).
    public var frameworkName = "marathon"
    /// The user tasks run as.
    public var frameworkUser = "root"
    /// How long the master keeps the framework's tasks while it is away (Marathon: 1 week).
    public var failoverTimeout: Duration = .seconds(604_800)
    /// Deployment, queue and offer tunables.
    public var core = AppsConfiguration()
    /// How long a standby waits for the leader when proxying a request.
    public var proxyTimeout: Duration = .seconds(30)
    /// Seconds between SSE keep-alive comments, so idle streams notice a gone client.
    public var eventStreamKeepAlive: Duration = .seconds(15)
    /// Largest request body accepted.
    public var maxRequestBytes = 8 << 20

    public init() {}

    /// `host:port` others reach this server at.
    func advertisedAddress(port: Int) -> String { "\(self.advertisedHostname ?? self.host):\(port)" }
}
