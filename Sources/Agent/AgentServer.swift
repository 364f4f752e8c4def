import AgentCore
import AgoraHTTPClient
import AgoraModel
import AgoraPosix
import AgoraServer
import AgoraWire
import Coordination
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A runnable agent: the executor and operator APIs, the link to the master, and the clock.
public struct AgentServer: Service {
    public let settings: AgentSettings
    let logger: Logger
    let onListening: @Sendable (ListeningAddress) async -> Void

    /// - Parameter onListening: told where the server listens once it does (useful with port 0).
    public init(
        settings: AgentSettings, logger: Logger, onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let workDir = self.settings.core.workDir
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        let resources = try ResourceDetection.resources(flag: self.settings.resources, workDir: workDir)
        let attributes = try self.settings.attributes.map { try Attribute.parse($0) } ?? []
        let recovery = try AgentRecovery.prepare(workDir: workDir, mode: self.settings.recover, logger: self.logger)
        let port = recovery.port(requested: self.settings.port)
        let agent = AgentDescriptor(
            hostname: self.settings.hostname ?? self.settings.host, ip: self.settings.host, port: port,
            resources: resources, attributes: attributes)
        let location = try MasterLocation.parse(self.settings.master)
        let leaders = LeaderTracker(detector: MasterDetector(
            location: location, sessionTimeout: self.settings.zooKeeperSessionTimeout, logger: self.logger))
        let containerizer = self.containerizer()
        let shell = AgentShell(
            settings: self.settings, agent: agent, store: recovery.store, recovered: recovery.state(for: agent),
            containerizer: containerizer, logger: self.logger)
        await shell.adopt(recovery.contents?.runs ?? [])
        await shell.scheduleLeftovers()
        let router = Router(context: AgoraRequestContext.self)
        let metrics = AgentMetrics()
        router.add(middleware: AccessMiddleware(policy: self.settings.accessPolicy, style: .text, registry: metrics.registry, audit: self.logger))
        ExecutorAPI(
            shell: shell, maxRequestBytes: self.settings.maxRequestBytes,
            tokenKey: self.settings.authenticateExecutors ? self.settings.core.executorTokenKey : nil
        ).register(on: router)
        AgentOperatorAPI(shell: shell).register(on: router)
        let files = SandboxFiles(shell: shell, paths: SandboxPaths(workDir: workDir))
        AgentOperatorV1API(shell: shell, files: files, metrics: metrics, maxRequestBytes: self.settings.maxRequestBytes).register(on: router)
        AgentFilesAPI(files: files, policy: self.settings.access).register(on: router)
        let onListening = self.onListening
        let logger = self.logger
        let app = makeHTTPApplication(
            router: router, host: self.settings.host, port: port, name: "agora-agent",
            services: [AgentClock(shell: shell, interval: self.settings.tickInterval), MasterLink(shell: shell, leaders: leaders)],
            // Executors speak plaintext to their agent from its own host, even when it speaks TLS.
            plaintext: .thisHost(addresses: self.settings.access.localAddresses, paths: ExecutorAPI.paths),
            logger: self.logger
        ) { address in
            await shell.listening(on: address)
            logger.info("agent listening", metadata: ["address": "\(address.url)", "resources": "\(resources)"])
            await onListening(address)
        }
        // End executor streams as soon as shutdown starts (open streams would keep the
        // server's graceful shutdown waiting) and kill the executors a restarted agent could
        // not recover; executors of checkpointing frameworks keep running for it.
        try await withGracefulShutdownHandler {
            try await app.run()
        } onGracefulShutdown: {
            Task { await shell.shutDown() }
        }
        await shell.shutDown()
    }
}

extension AgentServer {
    /// The isolators to use: the flag's, else cgroups where they are writable (the log
    /// says when they are not).
    func containerizer() -> Containerizer {
        let mounts = CgroupMounts.detect()
        let isolation: IsolationSettings
        if let chosen = self.settings.isolation {
            isolation = chosen
        } else {
            let (automatic, why) = IsolationSettings.automatic(mounts: mounts, root: self.settings.cgroupsRoot)
            if let why { self.logger.warning("\(why)") }
            isolation = automatic
        }
        self.logger.info("isolation", metadata: ["isolators": "\(isolation.description)"])
        var containerizer = Containerizer(isolation: isolation, mounts: mounts, root: self.settings.cgroupsRoot)
        containerizer.pidsLimit = self.settings.cgroupsMaxPids
        containerizer.cfsQuota = self.settings.cgroupsEnableCFS
        containerizer.cfsPeriodMicroseconds = Int(self.settings.cgroupsCFSPeriod.components.seconds * 1_000_000
            + self.settings.cgroupsCFSPeriod.components.attoseconds / 1_000_000_000_000)
        return containerizer
    }
}

/// Ticks the agent's state machine until shutdown.
struct AgentClock: Service {
    let shell: AgentShell
    let interval: Duration

    func run() async throws {
        // Cancellation (shutdown) ends the sleep early; the loop checks and stops.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: self.interval)
            await self.shell.tick()
        }
    }
}
