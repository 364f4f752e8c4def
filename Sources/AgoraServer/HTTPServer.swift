import AgoraTLS
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// Where a server ended up listening.
public struct ListeningAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// `https` when the server speaks TLS, else `http`.
    public var scheme: String
    public init(host: String, port: Int, scheme: String = "http") {
        self.host = host
        self.port = port
        self.scheme = scheme
    }
    public var description: String { "\(self.host):\(self.port)" }
    public var url: String { "\(self.scheme)://\(self.host):\(self.port)" }
}

/// Builds the Hummingbird application for one of Agora's servers. `onListening` learns
/// the bound address, which matters when the port was 0.
///
/// With the process's `LIBPROCESS_SSL_*` settings on (`ProcessTLS`), the server speaks TLS;
/// plaintext is served too with `LIBPROCESS_SSL_SUPPORT_DOWNGRADE`, else only as
/// `plaintext` says (an agent's executors on its own host). A bad setting fails `run()`.
public func makeHTTPApplication(
    router: Router<AgoraRequestContext>,
    host: String,
    port: Int,
    name: String,
    services: [any Service] = [],
    plaintext: PlaintextPolicy = .refused,
    logger: Logger,
    onListening: @escaping @Sendable (ListeningAddress) async -> Void
) -> some ApplicationProtocol {
    Application(
        router: router,
        server: serverBuilder(plaintext: plaintext),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: name),
        services: services,
        onServerRunning: { channel in
            let bound = channel.localAddress?.port ?? port
            await onListening(ListeningAddress(host: host, port: bound, scheme: ProcessTLS.usable?.scheme ?? "http"))
        },
        logger: logger)
}

/// HTTP/1.1 with `StreamHangupHandler`, behind TLS when the process's settings turn it on.
private func serverBuilder(plaintext: PlaintextPolicy) -> HTTPServerBuilder {
    HTTPServerBuilder { responder in
        let tls = try ProcessTLS.settings()
        let policy: PlaintextPolicy = tls.supportDowngrade ? .anyone : plaintext
        let gate: Set<String>? = if case .thisHost(_, let paths) = policy, tls.enabled { paths } else { nil }
        let http = HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers:
            [StreamHangupHandler()] + (gate.map { [PlaintextPathGate(paths: $0)] } ?? [])))
        guard tls.enabled else { return http }
        let context = try NIOSSLContext(configuration: try tls.serverConfiguration())
        return TLSChildChannel(base: http, context: context, plaintext: policy)
    }
}
