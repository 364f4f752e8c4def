import AgoraSecurity
import AgentCore

/// How to run an agent. The state machine's own settings are in `core`.
public struct AgentSettings: Sendable {
    /// Who may call the HTTP API: protected mode (this host only) until credentials are given.
    public var access = AccessPolicy(credentials: nil, realm: "mesos")
    /// Executors must present the token the agent gave them (`--authenticate-http-executors`;
    /// the key is `core.executorTokenKey`).
    public var authenticateExecutors = false
    /// What the agent authenticates to the master with (`--credential`), if anything.
    public var masterCredential: Credential?
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
    /// Where URIs fetched with `cache: true` are kept (default `<work_dir>/fetcher-cache`).
    public var fetcherCacheDirectory: String?
    /// The most the fetcher cache holds, in bytes (Mesos's default: 2 GB).
    public var fetcherCacheBytes: Int64 = 2 << 30
    /// Longest a single download may take.
    public var fetchTimeout: Duration = .seconds(600)
    /// Isolators (`--isolation`); nil: cgroups for cpu, memory and pids where the agent
    /// may create them, else the posix ones.
    public var isolation: IsolationSettings?
    /// Cgroups go under `<mount>/<cgroupsRoot>/<agent ID>/<container ID>`.
    public var cgroupsRoot = "agora"
    /// Run each executor as its task's (or framework's) user when the agent is root
    /// (Mesos `--switch_user`).
    public var switchUser = true
    /// With cgroups/cpu: cap each container with a CFS quota of its `cpus`, not only
    /// weigh it with shares (Mesos `--cgroups_enable_cfs`).
    public var cgroupsEnableCFS = false
    /// The CFS period the quota is a share of: a container may burst for `cpus` × period
    /// before it is throttled for the rest of the period.
    public var cgroupsCFSPeriod: Duration = .milliseconds(100)
    /// pids.max of each container (with cgroups/pids); nil: no limit.
    public var cgroupsMaxPids: Int?
    /// How long the sandbox of a completed executor stays (Mesos `--gc_delay`, 1 week).
    public var gcDelay: Duration = .seconds(7 * 86_400)
    /// What to do with the checkpoint of an earlier run.
    public var recover: RecoveryMode = .reconnect
    /// Kill every executor when the agent stops, even those a restarted agent would
    /// recover (`agora dev`: Ctrl-C stops everything).
    public var killExecutorsOnShutdown = false
    public var core = AgentConfiguration()

    public init() {}
}
