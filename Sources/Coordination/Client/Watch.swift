import Synchronization

/// What ended a one-shot watch.
public enum WatchEvent: Sendable, Equatable {
    /// The node was created (exists-watches on absent nodes).
    case created(path: String)
    /// The node was deleted.
    case deleted(path: String)
    /// The node's data changed.
    case dataChanged(path: String)
    /// A child was added or removed.
    case childrenChanged(path: String)
    /// The server removed the watch.
    case removed(path: String)
    /// The session ended (`.expired`, `.authFailed` or `.closed`): the watch can never fire.
    case sessionLost(SessionState)
}

/// A one-shot watch set by one of the `...AndWatch` calls. It fires once; a watch survives
/// reconnections within its session (the client re-registers it), and fires `.sessionLost`
/// when the session ends.
public final class Watch: Sendable {
    /// The watched node.
    public let path: String
    let id: UInt64

    private enum Outcome {
        case fired(WatchEvent)
        case cancelled
    }

    private struct State {
        var event: WatchEvent?
        var waiters: [Int: CheckedContinuation<Outcome, Never>] = [:]
        var cancelledWaiters: Set<Int> = []
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    init(path: String, id: UInt64) {
        self.path = path
        self.id = id
    }

    /// The event, once the watch has fired.
    public var firedEvent: WatchEvent? { self.state.withLock { $0.event } }

    /// Waits until the watch fires; any number of tasks may wait. Throws when the waiting
    /// task is cancelled (the watch itself stays set).
    public func event() async throws(CancellationError) -> WatchEvent {
        let waiter = self.state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let ready: Outcome? = self.state.withLock { state in
                    if let event = state.event { return .fired(event) }
                    if state.cancelledWaiters.remove(waiter) != nil { return .cancelled }
                    state.waiters[waiter] = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            self.cancelWaiter(waiter)
        }
        switch outcome {
        case .fired(let event): return event
        case .cancelled: throw CancellationError()
        }
    }

    /// Resumes waiter `waiter` as cancelled, or marks it so it does not start waiting.
    private func cancelWaiter(_ waiter: Int) {
        let continuation = self.state.withLock { state in
            guard let continuation = state.waiters.removeValue(forKey: waiter) else {
                if state.event == nil { state.cancelledWaiters.insert(waiter) }
                return nil as CheckedContinuation<Outcome, Never>?
            }
            return continuation
        }
        continuation?.resume(returning: .cancelled)
    }

    /// Delivers `event` unless the watch already fired; wakes every waiter. Never blocks:
    /// runs on the C library's completion thread.
    func fire(_ event: WatchEvent) {
        let waiters = self.state.withLock { state in
            guard state.event == nil else { return [CheckedContinuation<Outcome, Never>]() }
            state.event = event
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: .fired(event)) }
    }
}
