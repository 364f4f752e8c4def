import Hummingbird
import NIOCore

/// The request context of every Agora server: it keeps the connection's channel, so a
/// streaming endpoint learns at once when its client goes away.
public struct AgoraRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP connection the request arrived on.
    public let channel: any Channel

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
