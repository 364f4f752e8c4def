import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

/// Real probes: HTTP and HTTPS over AsyncHTTPClient (certificates are not verified, as
/// Marathon's checks do not), TCP with a plain connect.
public struct NetworkProbe: CheckProbing {
    /// One client for the process (like `HTTPClient.shared`, it is never shut down).
    private static let sharedClient: HTTPClient = {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow)
        configuration.connectionPool.idleTimeout = .seconds(5)
        // A refused connection is a failed check, not something to retry until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private var client: HTTPClient { Self.sharedClient }

    public init() {}

    public func http(scheme: String, host: String, port: Int, path: String, timeout: Duration) async -> HTTPProbeResult {
        let target = path.hasPrefix("/") ? path : "/" + path
        var request = HTTPClientRequest(url: "\(scheme)://\(Self.bracketed(host)):\(port)\(target)")
        request.headers.add(name: "User-Agent", value: "agora-apps health check")
        do {
            let nanos = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            let response = try await self.client.execute(request, timeout: .nanoseconds(nanos))
            let body = try await response.body.collect(upTo: 64 << 10)
            return .response(
                status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                body: String(buffer: body))
        } catch {
            return .failed("\(error)")
        }
    }

    public func tcp(host: String, port: Int, timeout: Duration) async -> String? {
        let nanos = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(nanos))
                .connect(host: host, port: port).get()
            // Connected is all a TCP check asks; how the close goes does not matter.
            channel.close(promise: nil)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
}
