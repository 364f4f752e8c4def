import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Where a server ended up listening.
public struct ListeningAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
    public var description: String { "\(self.host):\(self.port)" }
    public var url: String { "http://\(self.host):\(self.port)" }
}

/// Builds the Hummingbird application for one of Agora's servers. `onListening` learns
/// the bound address, which matters when the port was 0.
public func makeHTTPApplication(
    router: Router<AgoraRequestContext>,
    host: String,
    port: Int,
    name: String,
    services: [any Service] = [],
    logger: Logger,
    onListening: @escaping @Sendable (ListeningAddress) async -> Void
) -> some ApplicationProtocol {
    Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [StreamHangupHandler()])),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: name),
        services: services,
        onServerRunning: { channel in
            let bound = channel.localAddress?.port ?? port
            await onListening(ListeningAddress(host: host, port: bound))
        },
        logger: logger)
}
