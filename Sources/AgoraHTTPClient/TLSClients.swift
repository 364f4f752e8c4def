import AgoraTLS
import AsyncHTTPClient
import NIOSSL

extension HTTPClient {
    /// The shared client of Agora's own calls: `HTTPClient.shared`'s configuration, speaking
    /// TLS as the process's `LIBPROCESS_SSL_*` settings say (`ProcessTLS`).
    public static let agora = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .agora(.singletonConfiguration))
}

extension HTTPClient.Configuration {
    /// `base` with the process's client TLS when it is on: its CAs trusted besides the
    /// system's, its certificate presented, the server's checked only when
    /// `LIBPROCESS_SSL_VERIFY_SERVER_CERT` says so. With TLS off, or bad settings, `base`
    /// unchanged: calls then fail with the settings' error (`ProcessTLS.url`).
    public static func agora(_ base: HTTPClient.Configuration = HTTPClient.Configuration()) -> HTTPClient.Configuration {
        var configuration = base
        if let tls = ProcessTLS.clientConfiguration { configuration.tlsConfiguration = tls }
        return configuration
    }
}

extension ProcessTLS {
    /// The client TLS configuration of the process's settings, or why its files would not
    /// load; nil when TLS is off or the settings are bad (`url(_:)` throws those).
    static let clientResult: Result<TLSConfiguration, ClientTLSFailure>? = {
        guard let settings = ProcessTLS.usable, settings.enabled else { return nil }
        do {
            return .success(try settings.clientConfiguration())
        } catch {
            return .failure(ClientTLSFailure(description: "cannot load the TLS client certificate or key: \(error)"))
        }
    }()

    static var clientConfiguration: TLSConfiguration? {
        guard case .success(let configuration) = self.clientResult else { return nil }
        return configuration
    }

    /// `url` as this process calls it: `https` for `http` when TLS is on. Throws when the
    /// process's TLS settings or files cannot be used, so no call goes out in plaintext
    /// (or without its certificate) by mistake.
    public static func url(_ url: String) throws -> String {
        let settings = try ProcessTLS.settings()
        if case .failure(let error) = self.clientResult { throw error }
        return settings.secured(url)
    }
}

/// Why the process's client TLS configuration could not be made (a file that does not parse).
public struct ClientTLSFailure: Error, CustomStringConvertible {
    public let description: String
}
