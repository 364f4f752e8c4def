import AgentCore
import AgoraHTTP
import AgoraHTTPClient
import AgoraModel
import AgoraPosix
import AgoraServer
import AgoraWire
import Coordination
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Runs the agent's state machine: feeds it master events, executor calls, process exits
/// and clock ticks, and carries out its directives (spawn, kill, events to executors,
/// calls to the master) in order. It decides nothing itself.
actor AgentShell {
    struct Sink {
        var continuation: AsyncStream<[UInt8]>.Continuation
        var encoding: MessageEncoding
    }

    var core: AgentCore
    let settings: AgentSettings
    let logger: Logger
    let client: V1Client
    let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    var executorSinks: [ConnectionID: Sink] = [:]
    var containers: [ContainerID: pid_t] = [:]
    var nextConnection = 0
    var masterStreamID: String?
    /// The agent API of the master the open stream is with.
    var masterURL: String?
    var lastMasterEvent: ContinuousClock.Instant
    private(set) var address: ListeningAddress?
    let startedAt = Date().timeIntervalSince1970
    private var listeningWaiters: [CheckedContinuation<Void, Never>] = []
    var heartbeatInterval: Duration = .seconds(2)
    var store: CheckpointStore
    let fetcher: Fetcher
    var gc: SandboxGC
    let containerizer: Containerizer
    /// Each container's cgroups (with cgroup isolators), the OOM kills seen in it, and
    /// cgroups still to remove.
    var cgroups: [ContainerID: ContainerCgroups] = [:]
    var oomKillsSeen: [ContainerID: Int] = [:]
    var cgroupsToRemove: [ContainerCgroups] = []
    /// Containers being started off the actor, with the executor SUBSCRIBEs waiting for them.
    var starting: [ContainerID: [CheckedContinuation<Void, Never>]] = [:]
    /// Destroys asked for while their container was starting (true: forced).
    var destroyWhileStarting: [ContainerID: Bool] = [:]
    var isShuttingDown = false
    var cpuParentsPrepared = false
    /// Cgroup releases running off the actor, by number.
    var releases: [Int: Task<Void, Never>] = [:]
    var nextRelease = 0

    /// A shell around a fresh core, or (with `recovered`) one rebuilt from the checkpoint.
    init(
        settings: AgentSettings, agent: AgentDescriptor, store: CheckpointStore, recovered: RecoveredState?, containerizer: Containerizer,
        logger: Logger
    ) {
        self.settings = settings
        self.containerizer = containerizer
        self.logger = logger
        // Masters found in ZooKeeper are not followed through redirects (see withoutRedirects).
        // AgentServer has parsed the location already; here only its kind matters.
        let detected = if case .zooKeeper = try? MasterLocation.parse(settings.master) { true } else { false }
        self.client = V1Client(
            http: detected ? .withoutRedirects : .agora, encoding: .protobuf,
            authorization: settings.masterCredential.map { V1Client.basicAuthorization(principal: $0.principal, secret: $0.secret) })
        self.store = store
        self.gc = SandboxGC(delay: settings.gcDelay)
        let cache = FetchCache(
            directory: settings.fetcherCacheDirectory ?? settings.core.workDir + "/fetcher-cache", capacity: settings.fetcherCacheBytes)
        self.fetcher = Fetcher(cache: cache, http: .shared, timeout: settings.fetchTimeout)
        self.started = self.clock.now
        self.lastMasterEvent = self.clock.now
        let seed = UInt64.random(in: 0...UInt64.max)
        if let recovered {
            self.core = AgentCore(recovering: recovered, configuration: settings.core, seed: seed, now: .zero)
        } else {
            self.core = AgentCore(configuration: settings.core, agent: agent, seed: seed)
        }
    }

    var now: MonotonicInstant { MonotonicInstant(sinceStart: self.clock.now - self.started) }

    /// The server is bound: now the agent knows its endpoint and can register.
    func listening(on address: ListeningAddress) {
        self.address = address
        self.core.listening(ip: EndpointAddress.ipv4(for: address.host), port: address.port)
        for waiter in self.listeningWaiters { waiter.resume() }
        self.listeningWaiters = []
    }

    func waitUntilListening() async {
        guard self.address == nil else { return }
        await withCheckedContinuation { self.listeningWaiters.append($0) }
    }

    // MARK: - Time

    func tick() {
        self.apply(self.core.tick(now: self.now))
        self.collectGarbage()
        self.removeLeftoverCgroups()
    }

    // MARK: - Directives

    /// Carries out directives strictly in order.
    func apply(_ directives: [AgentDirective]) {
        for directive in directives {
            switch directive {
            case .checkpoint(let change): self.checkpoint(change)
            case .launchExecutor(let launch): self.launch(launch)
            case .destroyContainer(let containerID, let force): self.destroy(containerID, force: force)
            case .sendToExecutor(let connection, let event): self.send(event, to: connection)
            case .updateContainer(let containerID, let resources): self.updateContainer(containerID, resources)
            case .closeExecutorStream(let connection): self.executorSinks.removeValue(forKey: connection)?.continuation.finish()
            case .executorCompleted(let frameworkID, let executorID, let containerID, let sandbox):
                self.scheduleRemoval(frameworkID, executorID, containerID, sandbox: sandbox)
            case .sendToMaster(let call): self.send(call)
            }
        }
    }
}

/// Versions the agent reports.
enum AgentVersion {
    static let api = "1.12.0"
}
