import AgoraSecurity
import Coordination
import MasterCore

/// How to run a master: where to listen and what to tell clients. The state machine's own
/// settings are in `core`.
public struct MasterSettings: Sendable {
    /// Who may call the HTTP API: protected mode (this host only) until credentials are given.
    public var access = AccessPolicy(credentials: nil, realm: "mesos")
    /// Frameworks must authenticate on the scheduler API (`--authenticate_http_frameworks`).
    public var authenticateFrameworks = false
    /// Agents must authenticate to register (`--authenticate_agents`).
    public var authenticateAgents = false
    /// Address to bind; `127.0.0.1` keeps a development cluster on loopback.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (see `MasterServer.onListening`).
    public var port = 5050
    /// Hostname advertised in MasterInfo; defaults to `host`.
    public var advertisedHostname: String?
    /// Largest request body accepted; bigger ones get 413.
    public var maxRequestBytes = 16 << 20
    /// Version reported by `/version` and MasterInfo: the Mesos API level Agora speaks, so
    /// clients that check it (pymesos wants `x.y.z`, ≥ 1.0.0) accept it.
    public var apiVersion = "1.12.0"
    /// How often the state machine's timers are checked.
    public var tickInterval: Duration = .milliseconds(100)
    public var core = MasterConfiguration()
    /// Where the registry lives when this master runs alone.
    public var registry: RegistryBackend = .inMemory
    /// HA mode: elect the leader in ZooKeeper and keep the registry there (`registry` is unused).
    public var zooKeeper: ZooKeeperSettings?

    public init() {}
}

/// Where a master keeps its registry.
public enum RegistryBackend: Sendable, Equatable {
    /// Nothing survives a restart (Mesos `--registry=in_memory`).
    case inMemory
    /// A SQLite database at this path: a single master restarted on the same work
    /// directory remembers everything.
    case sqlite(path: String)
}
