import AppsCore
import Synchronization

/// One Server-Sent Event, rendered once for every listener.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `eventType` (SSE `event:` name).
    public let type: String
    /// The JSON payload (SSE `data:`), one line.
    public let data: String

    public init(type: String, data: String) {
        self.type = type
        self.data = data
    }

    /// `event: <type>\ndata: <json>\n\n`.
    public var wireBytes: [UInt8] { Array("event: \(self.type)\ndata: \(self.data)\n\n".utf8) }

    /// An event as Marathon writes it.
    public init(_ event: AppsEvent, at timestamp: Timestamp) {
        self.init(type: event.eventType, data: event.json(at: timestamp).serialized())
    }
}

/// Hands every event to every `/v2/events` listener. Each listener has its own bounded
/// buffer: a client that stops reading loses the oldest events rather than growing memory
/// without bound, and never holds up the framework.
public final class EventHub: Sendable {
    /// Events kept per listener that is not reading.
    public static let bufferPerListener = 10_000

    private struct State {
        var listeners: [Int: AsyncStream<ServerSentEvent>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())

    public init() {}

    /// The events published from now on; ends at `finish()` or when the caller stops iterating.
    public func listen() -> AsyncStream<ServerSentEvent> {
        let (stream, continuation) = AsyncStream<ServerSentEvent>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferPerListener))
        let id: Int? = self.state.withLock { state in
            guard !state.finished else { return nil }
            state.nextID += 1
            state.listeners[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many clients are listening.
    public var listenerCount: Int { self.state.withLock { $0.listeners.count } }

    public func publish(_ event: ServerSentEvent) {
        self.state.withLock { state in
            for continuation in state.listeners.values { continuation.yield(event) }
        }
    }

    /// Ends every stream (at shutdown, so open connections do not hold it up).
    public func finish() {
        let listeners = self.state.withLock { state in
            state.finished = true
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for continuation in listeners { continuation.finish() }
    }
}
