extension JobsCore {
    /// Routes a command to its API.
    mutating func dispatch(_ command: JobsCommand, now: Timestamp, _ out: inout [JobsDirective]) -> JobsCommandResult {
        let outcome: Result<JobsCommandResult, JobsAPIError>
        switch command {
        case .chronosUpsert, .chronosRun, .chronosMarkSuccess, .chronosDelete, .chronosKillTasks:
            outcome = self.performChronos(command, now: now, &out)
        default:
            outcome = self.performMetronome(command, now: now, &out)
        }
        switch outcome {
        case .success(let result): return result
        case .failure(let error): return .failed(error)
        }
    }

    /// Creates or replaces a job. Refused (nothing stored) when its parents are missing or would
    /// form a cycle. The schedule cursor only moves forward: re-posting a schedule (as Chronos
    /// sync tools do with the original text) never settles an instant a second time.
    mutating func upsertJob(
        _ definition: JobDefinition, counters: (inout JobCounters) -> Void = { _ in }, now: Timestamp
    ) -> Result<Void, JobChangeProblem> {
        if let problem = self.dependencyProblem(definition) { return .failure(problem) }
        var parsed: JobSchedule?
        if let spec = definition.schedule {
            do { parsed = try spec.parsed(now: now) } catch { return .failure(.schedule(error)) }
        }
        let old = self.jobs[definition.id]
        var record = old ?? JobRecord(definition: definition, createdAt: now)
        record.definition = definition
        counters(&record.counters)
        let parents = Set(definition.parents)
        record.parentEdgeCounts = record.parentEdgeCounts.filter { parents.contains($0.key) }
        record.scheduleCursor = parsed.map { self.cursor(for: definition, parsed: $0, old: old, now: now) }
        self.storeJob(record, now: now)
        if definition.disabled { self.cancelQueuedRuns(of: definition.id, now: now) }
        return .success(())
    }

    /// The cursor of a new or changed schedule: unchanged when the schedule did not change and
    /// was not re-enabled; otherwise the schedule's initial cursor, but never earlier than before.
    private func cursor(for definition: JobDefinition, parsed: JobSchedule, old: JobRecord?, now: Timestamp) -> Timestamp {
        let spec = definition.schedule!
        let previous = old?.scheduleCursor
        var restarts = true
        if let old, let oldSpec = old.definition.schedule {
            restarts = oldSpec.expression != spec.expression || oldSpec.timeZone != spec.timeZone
                || (!oldSpec.enabled && spec.enabled) || (old.definition.disabled && !definition.disabled)
        }
        if !restarts, let previous { return previous }
        let initial = Self.initialCursor(for: parsed, now: now)
        return previous.map { max($0, initial) } ?? initial
    }

    /// Deletes a job: its live tasks are killed and its runs and history forgotten; with
    /// `rewire` its children are re-wired as Chronos does (see `rewireChildren`).
    mutating func deleteJob(_ id: String, rewire: Bool, now: Timestamp, _ out: inout [JobsDirective]) {
        guard let record = self.jobs[id] else { return }
        let grace = record.definition.policies.killGracePeriodSeconds
        for run in self.activeRuns(of: id) {
            if let live = run.liveAttempt { out.append(.kill(taskID: live.taskID, agentID: live.agentID, gracePeriodSeconds: grace)) }
        }
        if rewire { self.rewireChildren(of: record.definition, now: now) }
        self.forgetJob(id)
    }

    /// A manual run now (Chronos `PUT /job/{name}`, Metronome `POST /runs`).
    mutating func runNow(_ id: String, arguments: String?, now: Timestamp) -> Result<RunKey, RunSkipReason> {
        let trimmed = arguments.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        return self.createRun(id, due: now, trigger: .manual, arguments: trimmed, now: now)
    }
}
