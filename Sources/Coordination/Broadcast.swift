import Synchronization

/// Fans values out to any number of `AsyncStream` subscribers; a new subscriber first gets
/// the latest value. Publishing never blocks (unbounded buffers), so it is safe from the
/// C library's threads.
final class Broadcast<Value: Sendable>: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<Value>.Continuation] = [:]
        var nextID = 0
        var latest: Value?
        var finished = false
    }

    private let state: Mutex<State>

    init(initial: Value? = nil) {
        self.state = Mutex(State(latest: initial))
    }

    /// The latest published value.
    var latest: Value? { self.state.withLock { $0.latest } }

    /// A stream of the latest value followed by every later one; it ends with `finish()`.
    func subscribe() -> AsyncStream<Value> {
        let (stream, continuation) = AsyncStream<Value>.makeStream(bufferingPolicy: .unbounded)
        // Yielding under the lock keeps the replay ordered before later publications; yield
        // never calls back into this type (only finish/cancel run onTermination).
        let (id, finished): (Int, Bool) = self.state.withLock { state in
            if state.finished { return (-1, true) }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            if let latest = state.latest { continuation.yield(latest) }
            return (state.nextID, false)
        }
        if finished {
            if let latest = self.latest { continuation.yield(latest) }
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return stream
    }

    /// Records `value` as the latest and sends it to every subscriber.
    func publish(_ value: Value) {
        self.state.withLock { state in
            guard !state.finished else { return }
            state.latest = value
            for subscriber in state.subscribers.values { subscriber.yield(value) }
        }
    }

    /// Ends every stream; later subscribers get the latest value and an ended stream.
    func finish() {
        let subscribers = self.state.withLock { state in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    private func unsubscribe(_ id: Int) {
        _ = self.state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}

extension Broadcast where Value: Equatable {
    /// Publishes `value` unless it equals the latest; returns whether it did.
    @discardableResult
    func publishIfChanged(_ value: Value) -> Bool {
        self.state.withLock { state in
            guard !state.finished, state.latest != value else { return false }
            state.latest = value
            for subscriber in state.subscribers.values { subscriber.yield(value) }
            return true
        }
    }
}
