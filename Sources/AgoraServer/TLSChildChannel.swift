import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// Which plaintext connections a TLS server takes besides TLS ones.
public enum PlaintextPolicy: Sendable, Equatable {
    /// TLS only.
    case refused
    /// Plaintext from anyone too (`LIBPROCESS_SSL_SUPPORT_DOWNGRADE`), for clients that cannot
    /// speak TLS, such as pymesos.
    case anyone
    /// Plaintext from this host only (loopback or one of `addresses`), and only to `paths`:
    /// an agent's executors speak plaintext to it from its own host (docs/decisions.md).
    case thisHost(addresses: Set<String>, paths: Set<String>)

    /// Whether a plaintext connection from `peer` is served. An unknown peer is not.
    func admits(_ peer: SocketAddress?) -> Bool {
        switch self {
        case .refused: return false
        case .anyone: return true
        case .thisHost(let addresses, _):
            guard let ip = peer?.ipAddress else { return false }
            let address = ip.hasPrefix("::ffff:") ? String(ip.dropFirst(7)) : ip
            return address.hasPrefix("127.") || address == "::1" || addresses.contains(address)
        }
    }
}

/// A server child channel that puts TLS in front of `base`: always, or, when some plaintext
/// is admitted, only for connections whose first byte opens a TLS handshake.
struct TLSChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let context: NIOSSLContext
    let plaintext: PlaintextPolicy

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            if self.plaintext == .refused {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: self.context))
            } else {
                try channel.pipeline.syncOperations.addHandler(TLSSniffer(context: self.context, plaintext: self.plaintext, logger: logger))
            }
        }.flatMap {
            self.base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}

/// Tells TLS from plaintext by a connection's first byte (a TLS record of type handshake,
/// 0x16, cannot begin an HTTP request line), adds the TLS handler only for TLS, closes
/// plaintext connections the policy does not admit, and then leaves the pipeline.
final class TLSSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let handshakeRecord: UInt8 = 0x16
    private let sslContext: NIOSSLContext
    private let plaintext: PlaintextPolicy
    private let logger: Logger

    init(context: NIOSSLContext, plaintext: PlaintextPolicy, logger: Logger) {
        self.sslContext = context
        self.plaintext = plaintext
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = self.unwrapInboundIn(data)
        // An empty read says nothing yet; wait for a byte.
        guard let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) else { return }
        if first == Self.handshakeRecord {
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: self.sslContext), position: .after(self))
            } catch {
                context.fireErrorCaught(error)
                context.close(promise: nil)
                return
            }
        } else if !self.plaintext.admits(context.channel.remoteAddress) {
            self.logger.debug("plaintext connection refused: this server speaks TLS", metadata: ["peer": "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")"])
            context.close(promise: nil)
            return
        } else if case .thisHost = self.plaintext {
            // Only some paths are open to it: PlaintextPathGate, further on, keeps it to them.
            context.fireUserInboundEventTriggered(LocalPlaintextConnection())
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
