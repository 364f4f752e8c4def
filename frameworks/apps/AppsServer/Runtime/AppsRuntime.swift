import AgoraSDK
import AgoraServer
import AppsCore
import AgoraHTTPClient
import AsyncHTTPClient
import Hummingbird
import Logging
import StateStore
import Synchronization

/// One apps server's parts, assembled: the shell, the Marathon API router and the ways to
/// lead (alone, or elected in ZooKeeper). `AppsServer` runs it as a process; tests run it
/// with a fake master, an in-memory store and a manual clock.
public final class AppsRuntime: Sendable {
    public let shell: AppsShell
    public let settings: AppsSettings
    let logger: Logger
    let metrics = APIMetrics()
    let makeDriver: @Sendable (_ frameworkID: String?) throws -> any SchedulerDriving
    private let boundPort: Mutex<Int>
    /// Ends the running term (`DELETE /v2/leader`).
    private let abdication = Mutex<(@Sendable () -> Void)?>(nil)
    /// One client for the process (like `HTTPClient.shared`, never shut down); it does not
    /// follow redirects, so a proxied answer reaches the client as the leader gave it.
    private static let proxyClient: HTTPClient = {
        // TLS as LIBPROCESS_SSL_* says: the leader speaks it when this process does.
        var configuration = HTTPClient.Configuration.agora(HTTPClient.Configuration(redirectConfiguration: .disallow))
        configuration.connectionPool.idleTimeout = .seconds(30)
        // A leader that just died refuses connections: answer 502 at once rather than retry.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// - Parameter makeDriver: the master connection for a term, given the stored framework ID.
    public init(
        settings: AppsSettings, shell: AppsShell, logger: Logger,
        makeDriver: @escaping @Sendable (_ frameworkID: String?) throws -> any SchedulerDriving
    ) {
        self.settings = settings
        self.shell = shell
        self.logger = logger
        self.makeDriver = makeDriver
        self.boundPort = Mutex(settings.port)
    }

    /// The port the server listens on (the configured one until it listens).
    public var port: Int { self.boundPort.withLock { $0 } }

    /// `host:port` others reach this server at.
    public var address: String { self.settings.advertisedAddress(port: self.port) }

    /// Records where the server ended up listening.
    public func listening(on port: Int) { self.boundPort.withLock { $0 = port } }

    /// The router serving the Marathon API.
    public func router() -> Router<AgoraRequestContext> {
        let router = Router(context: AgoraRequestContext.self)
        router.add(middleware: AccessMiddleware(
            policy: self.settings.accessPolicy, style: .jsonMessage, registry: self.metrics.prometheus.registry, audit: self.logger))
        let api = APIContext(
            shell: self.shell, settings: self.settings, metrics: self.metrics, port: { [weak self] in self?.port ?? 0 },
            abdicate: { [weak self] in await self?.abdicate() ?? false })
        let proxy = LeaderProxy(client: Self.proxyClient, timeout: self.settings.proxyTimeout, selfAddress: { [weak self] in self?.address ?? "" })
        router.add(middleware: MarathonAPI(api: api, proxy: proxy, logger: self.logger))
        return router
    }

    /// Leads alone with `store` until cancelled: a term that ends (a store failure, the
    /// framework removed, abdication) is followed by a new one that starts from the store.
    public func leadAlone(store: any StateStore) async {
        await self.shell.setRole(.leading(address: self.address))
        var failures = 0
        while !Task.isCancelled {
            let reason = await self.runTerm(persistence: AppsPersistence(store: store))
            guard !Task.isCancelled else { return }
            failures = reason.hasPrefix("abdicated") ? 0 : failures + 1
            self.logger.warning("apps term ended: \(reason); starting again from the store")
            do { try await Task.sleep(for: .milliseconds(min(5000, 100 << min(failures, 6)))) } catch { return }
        }
    }

    /// One term with `persistence`, abdicable through the API.
    func runTerm(persistence: AppsPersistence) async -> String {
        let runner = TermRunner(shell: self.shell, logger: self.logger, makeDriver: self.makeDriver)
        let (abdications, abdicate) = AsyncStream<Void>.makeStream()
        self.abdication.withLock { $0 = { abdicate.yield() } }
        defer { self.abdication.withLock { $0 = nil } }
        return await withTaskGroup(of: String.self) { group in
            group.addTask { await runner.runTerm(persistence: persistence) }
            group.addTask {
                for await _ in abdications { return "abdicated through the API" }
                return "cancelled"
            }
            let reason = await group.next() ?? "cancelled"
            abdicate.finish()
            group.cancelAll()
            return reason
        }
    }

    /// Ends the running term; false when there is none.
    func abdicate() async -> Bool {
        guard await self.shell.isLeading, let end = self.abdication.withLock({ $0 }) else { return false }
        end()
        return true
    }

    /// Ends open event streams; call once the server stopped.
    public func shutdown() {
        self.shell.events.finish()
    }
}
