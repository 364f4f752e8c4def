import Foundation

extension Schedule {
    /// Settles the instants in `(lastConsidered, now]`: which to run now and which to record as
    /// skipped. Pure: the same request always gives the same decision.
    ///
    /// Rules, for due instants d₁ < … < dₖ:
    /// - any dᵢ with `now − dᵢ > startingDeadline` is skipped (`deadlineExceeded`);
    /// - `skip`: dₖ runs if within the deadline and `now − dₖ ≤ onTimeTolerance`; the rest `missed`;
    /// - `runOnce`: dₖ runs if within the deadline; the rest `coalesced`;
    /// - `runAll`: every instant within the deadline runs, up to `maxRunsPerCall`.
    ///
    /// Work is bounded: at most `maxInstantsPerCall` instants are examined and `maxRunsPerCall`
    /// runs returned; then `isComplete` is false and the caller repeats with `consideredThrough`.
    /// Nothing is dropped between calls, so every skipped instant is reported exactly once.
    public func missedRuns(_ request: MissedRunRequest) -> MissedRunDecision {
        let now = request.now
        let (due, reachedNow) = dueInstants(after: request.lastConsidered, through: now,
                                            limit: max(request.maxInstantsPerCall, 1))
        let isRunnable = { (instant: Date) in
            request.startingDeadline.map { now.timeIntervalSince(instant) <= $0 } ?? true
        }
        var decision = MissedRunDecision(runs: [], skipped: [], consideredThrough: reachedNow ? now : due.last ?? now,
                                         isComplete: reachedNow)
        for (index, instant) in due.enumerated() {
            guard isRunnable(instant) else {
                decision.skip(instant, .deadlineExceeded)
                continue
            }
            let isLatest = reachedNow && index == due.count - 1
            guard decision.settle(instant, isLatest: isLatest, request) else {
                // runAll's cap: leave this and later instants due for the next call (index > 0).
                return decision.stopped(after: due[index - 1])
            }
        }
        return decision
    }
}

extension Schedule {
    /// Instants in `(start, end]`, at most `limit`, and whether they are all of them: only a batch
    /// that reached `end` knows which instant is the latest.
    fileprivate func dueInstants(after start: Date, through end: Date, limit: Int) -> ([Date], Bool) {
        let due = occurrences(after: start, through: end, limit: limit)
        guard due.count == limit, let last = due.last else { return (due, true) }
        return (due, next(after: last).map { $0 > end } ?? true)
    }
}

extension MissedRunDecision {
    /// Applies the policy to one instant within the deadline. False when `runAll`'s per-call cap
    /// is already reached, so the instant stays unsettled.
    fileprivate mutating func settle(_ instant: Date, isLatest: Bool, _ request: MissedRunRequest) -> Bool {
        switch request.policy {
        case .runAll:
            guard runs.count < max(request.maxRunsPerCall, 1) else { return false }
            runs.append(instant)
        case .runOnce:
            if isLatest { runs.append(instant) } else { skip(instant, .coalesced) }
        case .skip:
            let onTime = request.now.timeIntervalSince(instant) <= request.onTimeTolerance
            if isLatest && onTime { runs.append(instant) } else { skip(instant, .missed) }
        }
        return true
    }

    fileprivate mutating func skip(_ instant: Date, _ reason: SkipReason) {
        skipped.append(SkippedRun(scheduledAt: instant, reason: reason))
    }

    /// Ends the call at `lastSettled`, the last instant this call ran or skipped.
    fileprivate func stopped(after lastSettled: Date) -> MissedRunDecision {
        var decision = self
        decision.consideredThrough = lastSettled
        decision.isComplete = false
        return decision
    }
}
