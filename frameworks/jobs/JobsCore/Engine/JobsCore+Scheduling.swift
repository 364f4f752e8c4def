import Foundation

extension JobsCore {
    /// Settles every scheduled instant that is due: each becomes a run or a recorded skip, and the
    /// job's cursor moves past it in the same persist batch. Bounded per call (see
    /// `MissedRunRequest`); what is left stays due and the wake-up is `now`.
    mutating func settleSchedules(now: Timestamp) {
        for id in self.nextDue.filter({ $0.value <= now }).keys.sorted() {
            self.settle(id, now: now)
        }
    }

    private mutating func settle(_ id: String, now: Timestamp) {
        guard let record = self.jobs[id], let spec = record.definition.schedule, let schedule = self.parsedSchedules[id],
              let cursor = record.scheduleCursor else { return }
        let policies = record.definition.policies
        let request = MissedRunRequest(lastConsidered: cursor.date, now: now.date, policy: policies.missedRuns,
                                       startingDeadline: spec.startingDeadlineSeconds)
        let decision = schedule.missedRuns(request)
        for skipped in decision.skipped {
            self.appendHistory(RunHistoryEntry(skipped: Timestamp(skipped.scheduledAt), jobID: id, trigger: .schedule,
                                               reason: RunSkipReason(skipped.reason), at: now))
        }
        for instant in decision.runs {
            let due = Timestamp(instant)
            let deadline = spec.startingDeadlineSeconds.map { due.adding(seconds: $0) }
            _ = self.createRun(id, due: due, trigger: .schedule, arguments: nil, startingDeadline: deadline, now: now)
        }
        let through = Timestamp(decision.consideredThrough)
        self.updateJob(id) { $0.scheduleCursor = through }
        self.nextDue[id] = schedule.next(after: through.date).map(Timestamp.init)
    }

    /// Creates a run unless the job is disabled or `FORBID` finds another run active; either
    /// refusal is recorded in the history. Returns the new run's key, or why there is none.
    mutating func createRun(
        _ jobID: String, due: Timestamp, trigger: RunTrigger, arguments: String?, startingDeadline: Timestamp? = nil,
        now: Timestamp
    ) -> Result<RunKey, RunSkipReason> {
        guard let definition = self.jobs[jobID]?.definition else { return .failure(.jobDisabled) }
        let refusal: RunSkipReason? =
            if definition.disabled { .jobDisabled }
            else if definition.policies.concurrency == .forbid && !self.activeRuns(of: jobID).isEmpty { .concurrencyForbidden }
            else { nil }
        if let refusal {
            self.appendHistory(RunHistoryEntry(skipped: due, jobID: jobID, trigger: trigger, reason: refusal, at: now))
            return .failure(refusal)
        }
        var run = JobRun(jobID: jobID, id: self.newRunID(for: jobID, now: now), due: self.unusedDue(due, for: jobID),
                         trigger: trigger, arguments: arguments, createdAt: now)
        run.startingDeadline = startingDeadline
        self.putRun(run)
        self.newWork = true
        return .success(run.key)
    }

    /// Re-parses a job's schedule and recomputes when it is next due. A stored schedule that no
    /// longer parses (a time zone gone from tzdata) stops the schedule and is reported by
    /// `scheduleProblem(of:)`.
    mutating func refreshSchedule(_ id: String, now: Timestamp) {
        self.parsedSchedules[id] = nil
        self.nextDue[id] = nil
        self.scheduleProblems[id] = nil
        guard let record = self.jobs[id], let spec = record.definition.schedule else { return }
        let schedule: JobSchedule
        do { schedule = try spec.parsed(now: now) } catch {
            self.scheduleProblems[id] = error.message
            return
        }
        self.parsedSchedules[id] = schedule
        guard spec.enabled, !record.definition.disabled, let cursor = record.scheduleCursor else { return }
        self.nextDue[id] = schedule.next(after: cursor.date).map(Timestamp.init)
    }

    /// Where a (re)started schedule begins: an ISO schedule makes its latest instant at or before
    /// `now` due at once, as Chronos runs a job whose start has passed (and `R//PT1H`, whose
    /// empty start means now − 1 s); a cron schedule starts from `now`, as Metronome does.
    static func initialCursor(for schedule: JobSchedule, now: Timestamp) -> Timestamp {
        guard case .iso8601(let iso) = schedule, let latest = iso.latestOccurrence(atOrBefore: now.milliseconds) else {
            return now
        }
        return Timestamp(milliseconds: latest - 1)
    }

    /// The next scheduled instant strictly after `max(now, cursor)`, for Metronome's `nextRunAt`.
    public func nextRunAt(_ jobID: String, now: Timestamp) -> Timestamp? {
        guard let schedule = self.parsedSchedules[jobID], let record = self.jobs[jobID] else { return nil }
        let from = max(now, record.scheduleCursor ?? now)
        return schedule.next(after: from.date).map(Timestamp.init)
    }

    /// Why a stored schedule cannot run, if it cannot.
    public func scheduleProblem(of jobID: String) -> String? { self.scheduleProblems[jobID] }
}

extension ISO8601Schedule {
    /// The latest occurrence at or before `instant` (epoch ms) within the repetitions, if any.
    func latestOccurrence(atOrBefore instant: Int64) -> Int64? {
        guard let after = self.firstIndex(after: instant) else { return nil }
        let index = after - 1
        guard index >= 0, self.repetitions.map({ index < $0 }) ?? true else { return nil }
        return self.occurrenceMillis(index)
    }
}
