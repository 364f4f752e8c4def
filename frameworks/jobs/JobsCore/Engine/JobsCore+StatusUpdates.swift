extension JobsCore {
    /// A task status from Mesos. A task no run owns is killed unless it is already over (after a
    /// restart that lost nothing this only happens for tasks of deleted jobs).
    mutating func handleStatus(_ update: TaskStatusUpdate, now: Timestamp, _ out: inout [JobsDirective]) {
        guard let key = self.runByTask[update.taskID], var run = self.runs[key],
              let index = run.attempts.firstIndex(where: { $0.taskID == update.taskID }) else {
            if !update.state.isTerminal {
                out.append(.kill(taskID: update.taskID, agentID: update.agentID, gracePeriodSeconds: nil))
            }
            return
        }
        var attempt = run.attempts[index]
        guard !attempt.isTerminal else { return }
        attempt.state = update.state
        if let message = update.message, !message.isEmpty { attempt.message = message }
        if update.state == .running && attempt.startedAt == nil { attempt.startedAt = now }
        if [.staging, .starting, .running].contains(update.state) && run.status == .starting { run.status = .active }
        if update.state == .running && run.startedAt == nil { run.startedAt = now }
        if update.state.isTerminal {
            attempt.completedAt = now
            self.runByTask[update.taskID] = nil
        }
        run.attempts[index] = attempt
        self.runs[key] = run
        self.saveRun(key)
        if update.state.isTerminal { self.attemptEnded(key, attempt, now: now) }
    }

    /// A task is over: the run succeeds, relaunches after a backoff, or fails.
    func nextStep(after attempt: TaskAttempt, of run: JobRun, now: Timestamp) -> RunStep {
        if attempt.state == .finished { return .succeed }
        if let reason = run.stopReason { return .fail(reason.rawValue) }
        let reason = attempt.killReason?.rawValue ?? attempt.message ?? attempt.state?.rawValue ?? "failed"
        guard let definition = self.jobs[run.jobID]?.definition else { return .fail(reason) }
        let failures = run.failures + 1
        let withinRetries = definition.policies.retries.map { failures <= $0 } ?? true
        let withinDeadline = definition.policies.activeDeadlineSeconds.map { now < run.createdAt.adding(seconds: $0) } ?? true
        guard withinRetries && withinDeadline else { return .fail(reason) }
        return .retry(at: now.adding(seconds: self.retryDelay(failures: failures, definition: definition)))
    }

    private mutating func attemptEnded(_ key: RunKey, _ attempt: TaskAttempt, now: Timestamp) {
        guard var run = self.runs[key] else { return }
        switch self.nextStep(after: attempt, of: run, now: now) {
        case .succeed: self.finishRun(key, outcome: .success, reason: nil, now: now)
        case .fail(let reason): self.finishRun(key, outcome: .failed, reason: reason, now: now)
        case .retry(let at):
            run.failures += 1
            run.launchAt = at
            self.putRun(run)
            self.newWork = true
        }
    }

    /// The delay before relaunch number `failures`: `failureRetrySeconds`, growing by
    /// `retryBackoffFactor`, capped at the job's `maxLaunchDelay` (or the configuration's cap).
    func retryDelay(failures: Int, definition: JobDefinition) -> Double {
        let cap = definition.policies.maxLaunchDelaySeconds ?? self.configuration.maxRetryDelaySeconds
        var delay = self.configuration.failureRetrySeconds
        for _ in 1..<max(failures, 1) where delay < cap { delay *= self.configuration.retryBackoffFactor }
        return min(delay, cap)
    }

    /// Kills a run's live task (once; repeats come from the timer).
    mutating func killLiveTask(of key: RunKey, reason: KillReason, now: Timestamp, _ out: inout [JobsDirective]) {
        guard var run = self.runs[key], let live = run.liveAttempt, live.killRequestedAt == nil else { return }
        var attempt = live
        attempt.killRequestedAt = now
        attempt.killReason = attempt.killReason ?? reason
        run.attempts[run.attempts.count - 1] = attempt
        self.putRun(run)
        let grace = self.jobs[key.jobID]?.definition.policies.killGracePeriodSeconds
        out.append(.kill(taskID: attempt.taskID, agentID: attempt.agentID, gracePeriodSeconds: grace))
    }

    /// Ends a run from outside (operator, deadline): its live task is killed and the run fails
    /// when that task is over; a run without a live task fails at once. Never relaunched.
    mutating func stopRun(_ key: RunKey, reason: StopReason, now: Timestamp, _ out: inout [JobsDirective]) {
        guard var run = self.runs[key], !run.status.isFinal else { return }
        run.stopReason = run.stopReason ?? reason
        run.launchAt = nil
        self.putRun(run)
        if run.liveAttempt != nil {
            self.killLiveTask(of: key, reason: .runStopped, now: now, &out)
        } else {
            self.finishRun(key, outcome: .failed, reason: reason.rawValue, now: now)
        }
    }
}

/// What follows the end of a task.
enum RunStep: Hashable {
    case succeed
    case fail(String)
    case retry(at: Timestamp)
}
