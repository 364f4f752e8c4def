import AppsCore
import AppsServer
import Synchronization

/// A clock tests move by hand: `sleep(until:)` returns once `advance` reaches the deadline.
final class ManualClock: AppsClock {
    private struct State {
        var now: Timestamp
        var sleepers: [(deadline: Timestamp, continuation: CheckedContinuation<Void, any Error>, id: Int)] = []
        var nextID = 0
    }

    private let state: Mutex<State>

    init(now: Timestamp = .seconds(1_700_000_000)) { self.state = Mutex(State(now: now)) }

    func now() -> Timestamp { self.state.withLock { $0.now } }

    /// How many sleepers wait (timers, health-check intervals).
    var sleeperCount: Int { self.state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Timestamp) async throws {
        let id = self.state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let due = self.state.withLock { state -> Bool in
                    if Task.isCancelled || deadline <= state.now { return true }
                    state.sleepers.append((deadline, continuation, id))
                    return false
                }
                if due { continuation.resume() }
            }
        } onCancel: {
            let sleeper = self.state.withLock { state in
                state.sleepers.firstIndex { $0.id == id }.map { state.sleepers.remove(at: $0) }
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Moves time forward, waking every sleeper that is due.
    func advance(by seconds: Double) {
        let due = self.state.withLock { state in
            state.now = state.now.adding(seconds: seconds)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
