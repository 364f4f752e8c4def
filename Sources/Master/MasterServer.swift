import AgoraSecurity
import AgoraTLS
import AgoraServer
import Coordination
import Foundation
import Hummingbird
import Logging
import StateStore
import ServiceLifecycle

/// A runnable master: the HTTP APIs over one `MasterShell`, plus its clock.
public struct MasterServer: Service {
    public let settings: MasterSettings
    let shell: MasterShell
    let logger: Logger
    let onListening: @Sendable (ListeningAddress) async -> Void

    /// - Parameter onListening: told where the server listens once it does (useful with port 0).
    public init(
        settings: MasterSettings, logger: Logger, onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.logger = logger
        self.shell = MasterShell(settings: settings, logger: logger)
        self.onListening = onListening
    }

    public func run() async throws {
        let router = Router(context: AgoraRequestContext.self)
        let policy = self.settings.accessPolicy
        let authorization = MasterAuthorization(policy: policy)
        // A Secure cookie only where every browser connection is TLS (no downgrade).
        let tlsOnly = ProcessTLS.usable.map { $0.enabled && !$0.supportDowngrade } ?? false
        let login = WebUILogin(
            sessions: UISessions(lifetime: WebUILogin.defaultLifetime), credentials: policy.credentials,
            secureCookie: tlsOnly, registry: self.shell.prometheus.registry)
        login.addMiddleware(to: router)
        router.add(middleware: AccessMiddleware(policy: policy, style: .text, registry: self.shell.prometheus.registry, audit: self.logger))
        SchedulerAPI(shell: self.shell, maxRequestBytes: self.settings.maxRequestBytes, authorization: authorization).register(on: router)
        AgentAPI(shell: self.shell, maxRequestBytes: self.settings.maxRequestBytes, authorization: authorization).register(on: router)
        OperatorAPI(shell: self.shell, apiVersion: self.settings.apiVersion, authorization: authorization).register(on: router)
        OperatorV1API(shell: self.shell, maxRequestBytes: self.settings.maxRequestBytes, authorization: authorization)
            .register(on: router)
        let shell = self.shell
        let zooKeeper = self.settings.zooKeeper
        WebUI(masters: {
            // In HA the group in ZooKeeper knows them all; a single master knows itself.
            guard let zooKeeper else { return await shell.baseURL.map { [$0] } ?? [] }
            return try await MasterGroup.baseURLs(in: zooKeeper.url, sessionTimeout: zooKeeper.sessionTimeout)
        }).register(on: router)
        login.register(on: router)
        WebUIProxy(resolve: { await shell.webUIBase(of: $0) }, forward: WebUIProxy.send, maxRequestBytes: self.settings.maxRequestBytes)
            .register(on: router)
        router.addMetricsEndpoint(shell.prometheus.registry) { await shell.refreshMetrics() }
        let (failures, reportFailure) = AsyncStream<String>.makeStream()
        let (listening, reportListening) = AsyncStream<ListeningAddress>.makeStream()
        let app = makeHTTPApplication(
            router: router, host: self.settings.host, port: self.settings.port, name: "agora-master",
            services: [MasterClock(shell: shell, interval: self.settings.tickInterval), MasterEffects(shell: shell)],
            logger: self.logger
        ) { address in
            await shell.listening(on: address)
            reportListening.yield(address)
            reportListening.finish()
        }
        // Open event streams would keep the server's graceful shutdown waiting forever:
        // end them as soon as shutdown starts.
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                group.addTask {
                    for await address in listening { try await self.takeOffice(at: address, onFailure: { reportFailure.yield($0) }) }
                    // A single master that cannot write its registry must not go on: it stops with the reason.
                    for await reason in failures { throw MasterFailure(reason: reason) }
                }
                // Ends at shutdown (the server returns) or when office fails (an error).
                try await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await shell.closeAll() }
        }
        await shell.closeAll()
    }

    /// Once listening: a single master recovers its registry and leads (then announces
    /// itself); in HA mode the master contends in ZooKeeper for as long as it runs.
    private func takeOffice(at address: ListeningAddress, onFailure: @escaping @Sendable (String) -> Void) async throws {
        if let zooKeeper = self.settings.zooKeeper {
            await self.onListening(address)
            try await Candidacy(shell: self.shell, zooKeeper: zooKeeper, logger: self.logger).run()
            return
        }
        let storage = try self.openRegistry()
        do {
            try await self.shell.lead(masterID: UUID().uuidString.lowercased(), storage: storage, onFailure: onFailure)
        } catch {
            throw MasterFailure(reason: "cannot recover the registry: \(error)")
        }
        await self.onListening(address)
    }

    private func openRegistry() throws -> any RegistryStorage {
        switch self.settings.registry {
        case .inMemory: InMemoryRegistryStorage()
        case .sqlite(let path): StoredRegistry(store: try SQLiteStateStore(path: path))
        }
    }
}

/// Why a master stopped.
public struct MasterFailure: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { self.reason }
}

/// Works through the master's ordered output (registry writes first) until shutdown.
struct MasterEffects: Service {
    let shell: MasterShell

    func run() async throws {
        await cancelWhenGracefulShutdown { await self.shell.runEffects() }
    }
}

/// Ticks the master's state machine until shutdown.
struct MasterClock: Service {
    let shell: MasterShell
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: self.interval)
            await self.shell.tick()
        }
    }
}
