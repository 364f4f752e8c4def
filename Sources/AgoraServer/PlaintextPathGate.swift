import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sent down a connection's pipeline by `TLSSniffer` when it let a plaintext connection in
/// only because the peer is on this host.
struct LocalPlaintextConnection: Sendable {}

/// On a TLS server, keeps plaintext connections from this host to the paths they are let
/// in for (an agent's executor API): any other request gets 403 and the connection closes.
/// TLS connections pass untouched.
final class PlaintextPathGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let paths: Set<String>
    private var plaintext = false
    private var refusing = false

    init(paths: Set<String>) {
        self.paths = paths
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is LocalPlaintextConnection {
            self.plaintext = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard self.plaintext else { return context.fireChannelRead(data) }
        if case .head(let request) = self.unwrapInboundIn(data) {
            let path = request.path.map { $0.split(separator: "?", maxSplits: 1).first.map(String.init) ?? $0 } ?? ""
            if !self.paths.contains(path) { self.refuse(context: context) }
        }
        if !self.refusing { context.fireChannelRead(data) }
    }

    private func refuse(context: ChannelHandlerContext) {
        self.refusing = true
        let message = ByteBuffer(string: "This server speaks TLS; plaintext is served only to executors on its own host.\n")
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; charset=utf-8"
        fields[.contentLength] = String(message.readableBytes)
        fields[.connection] = "close"
        context.write(self.wrapOutboundOut(.head(HTTPResponse(status: .forbidden, headerFields: fields))), promise: nil)
        context.write(self.wrapOutboundOut(.body(message)), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
