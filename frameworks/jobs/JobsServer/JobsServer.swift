import AgoraSDK
import AgoraSecurity
import AgoraServer
import Hummingbird
import Logging
import ServiceLifecycle
import StateStore

/// A runnable jobs framework (`agora jobs`): the Chronos and Metronome APIs over one
/// `JobsShell`, the shell's effect and call loops, and its office — alone with a local store,
/// or in HA mode contending for leadership in ZooKeeper.
public struct JobsServer: Service {
    public let settings: JobsSettings
    /// The shell (tests drive and inspect it).
    public let shell: JobsShell
    let logger: Logger
    let makeDriver: DriverFactory
    /// This server's URL, the framework's `webui_url` (the master's web UI proxies to it).
    let webUI: AdvertisedURL
    let onListening: @Sendable (ListeningAddress) async -> Void

    /// - Parameters:
    ///   - makeDriver: the scheduler driver of each term (default: a real `SchedulerDriver`).
    ///   - onListening: told where the server listens once it serves (after recovery when alone).
    public init(
        settings: JobsSettings, logger: Logger, clock: JobsClock = .system, makeDriver: DriverFactory? = nil,
        onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.logger = logger
        self.shell = JobsShell(settings: settings, clock: clock, logger: logger)
        let webUI = AdvertisedURL()
        self.webUI = webUI
        self.makeDriver = makeDriver ?? Self.sdkDriver(settings: settings, logger: logger, webUI: webUI)
        self.onListening = onListening
    }

    /// The router with every route (also used by router tests without a socket).
    public static func router(shell: JobsShell, maxRequestBytes: Int, access: AccessPolicy, audit: Logger? = nil) -> Router<AgoraRequestContext> {
        let router = Router(context: AgoraRequestContext.self)
        let prometheus = JobsPrometheus()
        router.add(middleware: AccessMiddleware(policy: access, style: .jsonMessage, registry: prometheus.registry, audit: audit))
        router.add(middleware: LeaderGate(shell: shell, maxRequestBytes: maxRequestBytes))
        let routes = JobsRoutes(shell: shell, maxRequestBytes: maxRequestBytes, policy: access)
        ChronosRoutes(routes: routes).register(on: router)
        MetronomeJobRoutes(routes: routes).register(on: router)
        MetronomeScheduleRoutes(routes: routes).register(on: router)
        MetronomeRunRoutes(routes: routes).register(on: router)
        InfoRoutes(routes: routes, prometheus: prometheus).register(on: router)
        return router
    }

    public func run() async throws {
        let shell = self.shell
        let (listening, reportListening) = AsyncStream<ListeningAddress>.makeStream()
        let app = makeHTTPApplication(
            router: Self.router(shell: shell, maxRequestBytes: self.settings.maxRequestBytes, access: self.settings.accessPolicy, audit: self.logger), host: self.settings.host,
            port: self.settings.port, name: "agora-jobs", services: [JobsLoops(shell: shell)], logger: self.logger
        ) { address in
            self.webUI.listening(host: self.settings.hostname, port: address.port)
            await shell.listening(on: "\(self.settings.hostname):\(address.port)")
            reportListening.yield(address)
            reportListening.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask {
                for await address in listening { try await self.takeOffice(at: address) }
            }
            try await group.next()
            group.cancelAll()
        }
        await shell.stepDown(reason: "shutting down")
    }

    /// Alone: opens the store, leads, announces itself, and leads again (from the store) after
    /// a term fails. In HA mode: contends in ZooKeeper for as long as the server runs.
    private func takeOffice(at address: ListeningAddress) async throws {
        if let url = self.settings.zooKeeper {
            await self.onListening(address)
            try await JobsCandidacy(
                shell: self.shell, url: url, sessionTimeout: self.settings.zooKeeperSessionTimeout,
                advertised: "\(self.settings.hostname):\(address.port)", makeDriver: self.makeDriver, logger: self.logger
            ).run()
            return
        }
        let storage = JobsStorage(store: try self.openStore())
        var announced = false
        while !Task.isCancelled {
            let (failures, reportFailure) = AsyncStream<String>.makeStream()
            try await self.shell.lead(storage: storage, makeDriver: self.makeDriver) { reportFailure.yield($0) }
            if !announced {
                await self.onListening(address)
                announced = true
            }
            for await reason in failures {
                self.logger.error("term ended; leading again from the store", metadata: ["reason": "\(reason)"])
                break
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    private func openStore() throws -> any StateStore {
        switch self.settings.store {
        case .inMemory: InMemoryStateStore()
        case .sqlite(let path): try SQLiteStateStore(path: path)
        }
    }

    /// A real SDK driver per term, re-subscribing with the stored framework ID.
    static func sdkDriver(settings: JobsSettings, logger: Logger, webUI: AdvertisedURL) -> DriverFactory {
        { frameworkID in
            var configuration = SchedulerConfiguration(
                master: settings.master, name: settings.frameworkName, user: settings.frameworkUser,
                failoverTimeout: settings.failoverTimeout)
            if let frameworkID { configuration.framework.id.value = frameworkID }
            // Updates are acknowledged by the shell once what they changed is stored.
            configuration.automaticAcknowledgements = false
            if let url = webUI.url { configuration.framework.webuiURL = url }
            configuration.maxReconnectDelay = .seconds(2)
            configuration.credential = settings.masterCredential.map { ($0.principal, $0.secret) }
            configuration.zooKeeperSessionTimeout = settings.zooKeeperSessionTimeout
            return try SchedulerDriver(configuration: configuration, logger: logger)
        }
    }
}

/// The shell's two lifetime loops, stopped at graceful shutdown.
struct JobsLoops: Service {
    let shell: JobsShell

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.shell.runEffects() }
                group.addTask { await self.shell.runCalls() }
                group.addTask { await self.shell.runAcknowledgements() }
            }
        }
    }
}
