import AppsCore
import Hummingbird
import NIOCore

/// `GET /v2/events`: Server-Sent Events (`event: <type>\ndata: <json>\n\n`), filtered by
/// `event_type` (repeatable). `event_stream_attached` comes first; a comment line every
/// `keepAlive` lets idle connections notice a client that went away.
struct EventsRoute {
    let api: APIContext

    func handle(_ request: MarathonRequest, channel: any Channel) throws(MarathonError) -> Response {
        guard request.method == .get else { throw .methodNotAllowed }
        let wanted = Set(request.values("event_type"))
        let events = self.api.shell.events.listen()
        let attached = ServerSentEvent(type: "event_stream_attached", data: JSONValue.object([
            ("remoteAddress", .string(request.origin.clientIP)), ("eventType", "event_stream_attached"),
            ("timestamp", .string(self.api.shell.clock.now().iso8601)),
        ]).serialized())
        let keepAlive = self.api.settings.eventStreamKeepAlive
        let body = ResponseBody { writer in
            let (chunks, input) = AsyncStream<[UInt8]>.makeStream()
            channel.closeFuture.whenComplete { _ in input.finish() }
            if wanted.isEmpty || wanted.contains(attached.type) { input.yield(attached.wireBytes) }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events where wanted.isEmpty || wanted.contains(event.type) { input.yield(event.wireBytes) }
                    input.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: keepAlive) } catch { return }
                        input.yield(Array(":\n\n".utf8))
                    }
                }
                do {
                    for await chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                } catch {
                    // The client went away mid-write: nothing more to send it.
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache, no-store, must-revalidate"], body: body)
    }
}
