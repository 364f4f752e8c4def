import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection as soon as the client hangs up while an endless (streamed) response
/// is being written to it.
///
/// Hummingbird allows remote half-closure, so a client that goes away only shows up as an
/// `inputClosed` event, and the server would otherwise notice it at the next write — up to a
/// heartbeat interval later. Mesos treats a subscriber's socket close as its disconnection
/// at once, and so must we: schedulers and agents are marked disconnected promptly.
/// Responses with a known length are left to finish (a client may half-close after sending).
final class StreamHangupHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var streaming = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch self.unwrapOutboundIn(data) {
        case .head(let head): self.streaming = head.headerFields[.contentLength] == nil
        case .end: self.streaming = false
        case .body: break
        }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed, self.streaming {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
