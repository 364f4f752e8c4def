import JobsCore

/// The core's wake-up: one pending instant, replaced by every `.wakeUp(at:)`. At that instant
/// it calls `fire` (the shell's `tick`). No polling: between wake-ups nothing runs.
actor JobsTimer {
    private let clock: JobsClock
    private var fire: @Sendable () async -> Void
    private var pending: (at: Timestamp, task: Task<Void, Never>)?

    /// A timer that calls `fire` when a scheduled instant comes.
    init(clock: JobsClock, fire: @escaping @Sendable () async -> Void = {}) {
        self.clock = clock
        self.fire = fire
    }

    /// Sets what happens at a wake-up.
    func onFire(_ fire: @escaping @Sendable () async -> Void) { self.fire = fire }

    /// The instant the timer waits for, if any.
    var scheduled: Timestamp? { self.pending?.at }

    /// Wakes at `instant` (at once if it has passed) instead of any earlier request.
    func schedule(at instant: Timestamp) {
        if self.pending?.at == instant { return }
        self.pending?.task.cancel()
        let clock = self.clock
        // Owned by `pending`: cancelled when replaced or when the timer stops.
        let task = Task {
            do { try await clock.sleepUntil(instant) } catch { return }
            await self.fired(instant)
        }
        self.pending = (instant, task)
    }

    /// Forgets the pending wake-up.
    func cancel() {
        self.pending?.task.cancel()
        self.pending = nil
    }

    private func fired(_ instant: Timestamp) async {
        guard self.pending?.at == instant else { return }
        self.pending = nil
        await self.fire()
    }
}
