extension JobsCore {
    /// Moves a run into the history and updates the job: counters (not for an operator's stop,
    /// as Chronos leaves them alone for killed tasks), Chronos's disabling after `R0` or
    /// `disableAfterFailures`, and the dependents (after a success, or a `softError` failure).
    mutating func finishRun(_ key: RunKey, outcome: RunOutcome, reason: String?, now: Timestamp) {
        guard var run = self.runs[key] else { return }
        run.status = outcome == .success ? .success : .failed
        run.launchAt = nil
        self.removeRun(key)
        self.appendHistory(RunHistoryEntry(run: run, outcome: outcome, reason: reason, finishedAt: now))
        guard let definition = self.jobs[key.jobID]?.definition else { return }
        if outcome == .success {
            self.updateJob(key.jobID) { $0.counters.recordSuccess(at: now) }
            self.disableIfExhausted(key.jobID, now: now)
            self.triggerChildren(of: key.jobID, now: now)
            return
        }
        guard run.stopReason != .stopped else { return }
        self.updateJob(key.jobID) { $0.counters.recordError(at: now) }
        let limit = self.configuration.disableAfterFailures
        if limit > 0, let errors = self.jobs[key.jobID]?.counters.errorsSinceLastSuccess, errors >= limit {
            self.setDisabled(key.jobID, now: now)
        }
        if definition.policies.softError { self.triggerChildren(of: key.jobID, now: now) }
    }

    /// Chronos disables a scheduled job whose rewritten schedule reached `R0` after a success.
    private mutating func disableIfExhausted(_ id: String, now: Timestamp) {
        guard case .iso8601(let schedule)? = self.parsedSchedules[id], schedule.isExhausted else { return }
        self.setDisabled(id, now: now)
    }

    private mutating func setDisabled(_ id: String, now: Timestamp) {
        guard var record = self.jobs[id], !record.definition.disabled else { return }
        record.definition.disabled = true
        self.storeJob(record, now: now)
        self.cancelQueuedRuns(of: id, now: now)
    }

    /// Runs of a disabled job that wait for a launch can never launch: they end as stopped.
    mutating func cancelQueuedRuns(of id: String, now: Timestamp) {
        for var run in self.activeRuns(of: id) where run.liveAttempt == nil {
            run.stopReason = .stopped
            self.runs[run.key] = run
            self.finishRun(run.key, outcome: .failed, reason: RunSkipReason.jobDisabled.rawValue, now: now)
        }
    }

    /// Chronos `job/success`: counts a success, resets the job's own edge counters, and
    /// triggers its dependents.
    mutating func markSuccess(_ id: String, now: Timestamp) {
        self.updateJob(id) { record in
            record.counters.recordSuccess(at: now)
            record.parentEdgeCounts = [:]
        }
        self.triggerChildren(of: id, now: now)
    }

    /// Stops every run of a job: live tasks are killed, queued runs fail at once (Chronos
    /// `task/kill`, Metronome's `stopCurrentJobRuns`).
    mutating func stopAllRuns(of id: String, now: Timestamp, _ out: inout [JobsDirective]) {
        for run in self.activeRuns(of: id) { self.stopRun(run.key, reason: .stopped, now: now, &out) }
    }
}
