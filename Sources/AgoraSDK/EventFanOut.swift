import Synchronization

/// Hands every event to every current subscriber, each on its own unbounded stream, so a
/// slow consumer never holds up the driver or another consumer. Subscribers see what is
/// published after they subscribed; `finish()` ends every stream.
public final class EventFanOut<Event: Sendable>: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())

    public init() {}

    /// A stream of everything published from now on.
    public func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        let id: Int? = self.state.withLock { state in
            guard !state.finished else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    public func publish(_ event: Event) {
        self.state.withLock { state in
            for continuation in state.subscribers.values { continuation.yield(event) }
        }
    }

    public func finish() {
        let subscribers = self.state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in subscribers { continuation.finish() }
    }
}
