import AgoraSecurity
import Coordination
import JobsCore

/// How to run the jobs framework: where to listen, which master to use, where to keep state.
/// The engine's own tunables are in `core`.
public struct JobsSettings: Sendable {
    /// Who may call the HTTP API: protected mode (this host only) until credentials are given.
    public var access = AccessPolicy(credentials: nil, realm: "chronos")
    /// What the framework authenticates to the master with
    /// (`--mesos_authentication_principal` and `--mesos_authentication_secret_file`).
    public var masterCredential: Credential?
    /// Address to bind; `127.0.0.1` keeps a development cluster on loopback.
    public var host = "127.0.0.1"
    /// Port to bind (Chronos's 4400); 0 picks a free one.
    public var port = 4400
    /// Hostname advertised to other instances (HA) and in `/leader`; defaults to `host`.
    public var advertisedHostname: String?
    /// The master: `host:port`, `http://…`, `zk://…/agora` or `file://…`.
    public var master = "127.0.0.1:5050"
    /// Framework name the master shows (Chronos registers as `chronos`).
    public var frameworkName = "agora-jobs"
    /// Unix user tasks run as when a job names none.
    public var frameworkUser = "root"
    /// How long the master keeps the framework's tasks while no scheduler is subscribed.
    public var failoverTimeout: Duration = .seconds(7 * 24 * 3600)
    /// Where the state lives when this instance runs alone.
    public var store: JobsStoreBackend = .inMemory
    /// HA mode: elect a leader under this ZooKeeper URL and keep the state there (`store` is
    /// unused); standbys proxy requests to the leader.
    public var zooKeeper: ZooKeeperURL?
    /// ZooKeeper session timeout (how long a dead leader takes to replace).
    public var zooKeeperSessionTimeout: Duration = .seconds(10)
    /// Largest request body accepted; bigger ones get 413.
    public var maxRequestBytes = 4 << 20
    /// Seed of the run-ID generator (random by default).
    public var seed = UInt64.random(in: 0...UInt64.max)
    /// The engine's tunables; offers are held 2 s ahead of a due run, so it launches on time.
    public var core: JobsConfiguration = {
        var configuration = JobsConfiguration()
        configuration.offerHoldSeconds = 2
        return configuration
    }()

    /// The defaults above.
    public init() {}

    /// The hostname other instances and clients are told.
    public var hostname: String { self.advertisedHostname ?? self.host }
}

/// Where a single jobs instance keeps its state.
public enum JobsStoreBackend: Sendable, Equatable {
    /// Nothing survives a restart.
    case inMemory
    /// A SQLite database at this path (the default of `agora jobs`).
    case sqlite(path: String)
}
