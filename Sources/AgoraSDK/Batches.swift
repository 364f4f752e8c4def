import Synchronization

/// A queue whose consumer takes everything that arrived while it was busy, all at once.
///
/// A framework that does per-batch work (one convergence, one store write) keeps up with a
/// burst of events this way without adding latency when idle: a batch is then one element.
/// Invariant: every appended element is returned by exactly one `next()`, in order, before
/// `next()` returns nil (after `finish()`); nothing appended after `finish()` is kept.
public final class Batches<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var waiter: CheckedContinuation<[Element]?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Adds an element; a waiting `next()` gets it at once.
    public func append(_ element: Element) {
        let waiter: CheckedContinuation<[Element]?, Never>? = self.state.withLock { state in
            guard !state.finished else { return nil }
            guard let waiter = state.waiter else {
                state.elements.append(element)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: [element])
    }

    /// No more elements: `next()` returns what is left, then nil.
    public func finish() {
        let waiter: CheckedContinuation<[Element]?, Never>? = self.state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Everything appended since the last call (waiting for at least one element), or nil
    /// once finished and empty. One consumer at a time; cancelling it finishes the queue.
    public func next() async -> [Element]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Element]?, Never>) in
                let ready: [Element]?? = self.state.withLock { state in
                    if !state.elements.isEmpty {
                        defer { state.elements = [] }
                        return .some(state.elements)
                    }
                    if state.finished { return .some(nil) }
                    precondition(state.waiter == nil, "Batches has one consumer")
                    state.waiter = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            self.finish()
        }
    }
}
