extension JobsCore {
    /// Deadlines and kill retries, checked at the start of every input:
    /// - `activeDeadlineSeconds` after creation the run is stopped (no relaunch, live task killed);
    /// - a scheduled run not active by its starting deadline is stopped;
    /// - a task past `maxCompletionTime` since launch is killed (a failed attempt, may relaunch);
    /// - a task not running `taskLaunchTimeoutSeconds` after launch (or after recovery) is killed;
    /// - a kill without a terminal update is repeated every `killRetrySeconds`.
    mutating func enforceTimers(now: Timestamp, _ out: inout [JobsDirective]) {
        for key in self.runs.keys.sorted() {
            guard let run = self.runs[key], let definition = self.jobs[key.jobID]?.definition else { continue }
            if run.stopReason == nil, let deadline = self.activeDeadline(run, definition), now >= deadline {
                self.stopRun(key, reason: .activeDeadlineExceeded, now: now, &out)
            } else if run.stopReason == nil, run.status == .starting, let deadline = run.startingDeadline, now >= deadline {
                self.stopRun(key, reason: .startingDeadlineExceeded, now: now, &out)
            }
            guard let live = self.runs[key]?.liveAttempt else { continue }
            if let requested = live.killRequestedAt {
                if now >= requested.adding(seconds: self.configuration.killRetrySeconds) { self.repeatKill(key, now: now, &out) }
            } else if let limit = definition.policies.maxCompletionSeconds, now >= live.launchedAt.adding(seconds: limit) {
                self.killLiveTask(of: key, reason: .maxCompletionTime, now: now, &out)
            } else if let timeout = self.launchTimeout(live), now >= timeout {
                self.killLiveTask(of: key, reason: .launchTimeout, now: now, &out)
            }
        }
    }

    private func activeDeadline(_ run: JobRun, _ definition: JobDefinition) -> Timestamp? {
        definition.policies.activeDeadlineSeconds.map { run.createdAt.adding(seconds: $0) }
    }

    /// When a task that is not running yet is given up; counted from recovery for tasks launched
    /// before it, so a restart does not kill tasks whose state the master has not confirmed yet.
    private func launchTimeout(_ attempt: TaskAttempt) -> Timestamp? {
        guard attempt.state != .running, attempt.state != .killing, attempt.state != .unreachable else { return nil }
        let base = max(attempt.launchedAt, self.recoveredAt ?? attempt.launchedAt)
        return base.adding(seconds: self.configuration.taskLaunchTimeoutSeconds)
    }

    private mutating func repeatKill(_ key: RunKey, now: Timestamp, _ out: inout [JobsDirective]) {
        guard var run = self.runs[key], var attempt = run.liveAttempt else { return }
        attempt.killRequestedAt = nil
        run.attempts[run.attempts.count - 1] = attempt
        self.runs[key] = run
        self.killLiveTask(of: key, reason: attempt.killReason ?? .runStopped, now: now, &out)
    }

    /// The earliest instant something time-driven is due, if any.
    func nextWakeup(now: Timestamp) -> Timestamp? {
        var candidates = Array(self.nextDue.values)
        for run in self.runs.values {
            guard let definition = self.jobs[run.jobID]?.definition else { continue }
            // A backoff that ends later is a wake-up; a run launchable now waits for an offer, not
            // for time (a wake-up at `now` would only spin).
            if let at = run.launchAt, at > now { candidates.append(at) }
            if run.stopReason == nil {
                if let deadline = self.activeDeadline(run, definition) { candidates.append(deadline) }
                if run.status == .starting, let deadline = run.startingDeadline { candidates.append(deadline) }
            }
            guard let live = run.liveAttempt else { continue }
            if let requested = live.killRequestedAt {
                candidates.append(requested.adding(seconds: self.configuration.killRetrySeconds))
                continue
            }
            if let limit = definition.policies.maxCompletionSeconds { candidates.append(live.launchedAt.adding(seconds: limit)) }
            if let timeout = self.launchTimeout(live) { candidates.append(timeout) }
        }
        let wantsOffers = !self.launchableRuns(now: now).isEmpty || (self.wantsOffersSoon(now: now) && self.heldOffers.isEmpty)
        if self.offerInterest != .revived || self.newWork, let last = self.lastReviveAt, wantsOffers {
            let next = last.adding(seconds: self.configuration.minReviveIntervalSeconds)
            if next > now { candidates.append(next) }
        }
        // With offer holding: wake when the next run's hold window opens (revive, keep offers).
        if self.configuration.offerHoldSeconds > 0, let due = self.earliestDue {
            let window = due.adding(seconds: -self.configuration.offerHoldSeconds)
            if window > now { candidates.append(window) }
        }
        return candidates.map { max($0, now) }.min()
    }

    /// Revives when launchable work appeared (at most every `minReviveIntervalSeconds`) or,
    /// with offer holding on, when a run comes due within the hold window and no offer is held;
    /// suppresses when nothing can be launched (and, with holding, nothing comes due before a
    /// revive would be allowed again).
    mutating func updateOfferInterest(now: Timestamp, _ out: inout [JobsDirective]) {
        let launchable = !self.launchableRuns(now: now).isEmpty
        if launchable || (self.wantsOffersSoon(now: now) && self.heldOffers.isEmpty) {
            guard self.offerInterest != .revived || (launchable && self.newWork) else { return }
            if let last = self.lastReviveAt, now < last.adding(seconds: self.configuration.minReviveIntervalSeconds) { return }
            out.append(.reviveOffers)
            self.offerInterest = .revived
            self.lastReviveAt = now
            self.newWork = false
        } else if self.offerInterest != .suppressed && !self.keepsOfferInterest(now: now) {
            out.append(.suppressOffers)
            self.offerInterest = .suppressed
        }
    }
}
