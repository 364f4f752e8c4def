import Hummingbird
import NIOCore

/// The request context of every Agora server: it keeps the connection's channel, so a
/// streaming endpoint learns at once when its client goes away.
public struct AgoraRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP connection the request arrived on.
    public let channel: any Channel
    /// Who the request authenticated as, once `AccessMiddleware` has let it through (nil:
    /// anonymous). Routes authorize with it.
    public var principal: String?
    /// A principal vouched for by a UI session cookie (set by the session middleware, which
    /// runs before `AccessMiddleware` and has already checked the CSRF token of a mutation).
    public var sessionPrincipal: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Bodies are read explicitly with a limit (`Request.collectBody`); this only guards
    /// Hummingbird's own decoders.
    public var maxUploadSize: Int { 16 << 20 }

    /// The peer's IP address, when known.
    public var remoteIP: String? { self.channel.remoteAddress?.ipAddress }
}
