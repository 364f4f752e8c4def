import AgoraServer
import Hummingbird
import Logging
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
        SchedulerAPI(shell: self.shell, maxRequestBytes: self.settings.maxRequestBytes).register(on: router)
        AgentAPI(shell: self.shell, maxRequestBytes: self.settings.maxRequestBytes).register(on: router)
        OperatorAPI(shell: self.shell, apiVersion: self.settings.apiVersion).register(on: router)
        let shell = self.shell
        let onListening = self.onListening
        let app = makeHTTPApplication(
            router: router, host: self.settings.host, port: self.settings.port, name: "agora-master",
            services: [MasterClock(shell: shell, interval: self.settings.tickInterval)], logger: self.logger
        ) { address in
            await shell.listening(on: address)
            await onListening(address)
        }
        // Open event streams would keep the server's graceful shutdown waiting forever:
        // end them as soon as shutdown starts.
        try await withGracefulShutdownHandler {
            try await app.run()
        } onGracefulShutdown: {
            Task { await shell.closeAll() }
        }
        await shell.closeAll()
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
