import AgoraSDK
import AgoraServer
import AppsCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StateStore

/// `agora apps`: the apps framework as a service — the Marathon API on `settings.port`, and
/// a framework on the Swift SDK that leads alone (state in SQLite under `workDir`) or, with
/// ZooKeeper, is elected among several servers (standbys forward to the leader).
public struct AppsServer: Service {
    public let settings: AppsSettings
    let logger: Logger
    let onListening: @Sendable (ListeningAddress) async -> Void

    public init(settings: AppsSettings, logger: Logger, onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }) {
        self.settings = settings
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let probe = NetworkProbe()
        let shell = AppsShell(configuration: self.settings.core, clock: SystemAppsClock(), probe: probe, logger: self.logger)
        let webUI = AdvertisedURL()
        let runtime = AppsRuntime(settings: self.settings, shell: shell, logger: self.logger, makeDriver: self.driverFactory(webUI: webUI))
        let (listening, reportListening) = AsyncStream<ListeningAddress>.makeStream()
        let app = makeHTTPApplication(
            router: runtime.router(), host: self.settings.host, port: self.settings.port, name: "agora-apps", logger: self.logger
        ) { address in
            webUI.listening(host: self.settings.advertisedHostname ?? self.settings.host, port: address.port)
            runtime.listening(on: address.port)
            reportListening.yield(address)
            reportListening.finish()
        }
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                group.addTask {
                    for await address in listening { try await self.lead(runtime, announcing: address) }
                }
                try await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            // Open event streams would hold up the server's graceful shutdown.
            shell.events.finish()
        }
        runtime.shutdown()
    }

    /// Announces the address, then leads (alone, or as a candidate with ZooKeeper) until cancelled.
    private func lead(_ runtime: AppsRuntime, announcing address: ListeningAddress) async throws {
        if let zooKeeper = self.settings.zooKeeper {
            await self.onListening(address)
            try await AppsCandidacy(runtime: runtime, url: zooKeeper, sessionTimeout: self.settings.zooKeeperSessionTimeout, logger: self.logger).run()
            return
        }
        let path = URL(fileURLWithPath: self.settings.workDir).appendingPathComponent("apps.db").path
        let store: SQLiteStateStore
        do {
            store = try SQLiteStateStore(path: path)
        } catch {
            throw AppsServerFailure(reason: "cannot open the apps state at \(path): \(error)")
        }
        await self.onListening(address)
        await runtime.leadAlone(store: store)
    }

    /// Real scheduler drivers for `settings.master`, advertising the Marathon API as the
    /// framework's `webui_url` (the master's web UI proxies to it).
    func driverFactory(webUI: AdvertisedURL) -> @Sendable (String?) throws -> any SchedulerDriving {
        let settings = self.settings
        let logger = self.logger
        return { frameworkID in
            var configuration = SchedulerConfiguration(
                master: settings.master, name: settings.frameworkName, user: settings.frameworkUser, failoverTimeout: settings.failoverTimeout)
            configuration.framework.checkpoint = true
            configuration.credential = settings.masterCredential.map { ($0.principal, $0.secret) }
            // Updates are acknowledged by the shell once stored, several at a time.
            configuration.automaticAcknowledgements = false
            configuration.framework.hostname = settings.advertisedHostname ?? settings.host
            configuration.framework.capabilities = [.with { $0.type = .partitionAware }]
            if let frameworkID { configuration.framework.id.value = frameworkID }
            if let url = webUI.url { configuration.framework.webuiURL = url }
            return try SchedulerDriver(configuration: configuration, logger: logger)
        }
    }
}

/// Why the apps server stopped.
public struct AppsServerFailure: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { self.reason }
}
