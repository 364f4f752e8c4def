extension JobsCore {
    /// Records a store change; the last change per key wins within one input.
    mutating func record(_ change: StoreChange, key: String) {
        if self.pendingChanges[key] == nil { self.pendingOrder.append(key) }
        self.pendingChanges[key] = change
    }

    /// Stores the job record as it is now, or deletes it if the job is gone.
    mutating func saveJob(_ id: String) {
        let key = StoreKeys.job(id)
        self.record(self.jobs[id].map { .put(.job($0)) } ?? .delete(key: key), key: key)
    }

    /// Stores the run as it is now, or deletes it if it is over.
    mutating func saveRun(_ runKey: RunKey) {
        let key = StoreKeys.run(runKey)
        self.record(self.runs[runKey].map { .put(.run($0)) } ?? .delete(key: key), key: key)
    }

    mutating func saveHistory(_ id: String) {
        let key = StoreKeys.history(id)
        self.record(self.histories[id].map { .put(.history($0)) } ?? .delete(key: key), key: key)
    }

    /// Makes `record` the job's current state and refreshes everything derived from it.
    mutating func storeJob(_ record: JobRecord, now: Timestamp) {
        let id = record.id
        if let old = self.jobs[id] {
            for parent in old.definition.parents { self.childrenByParent[parent]?.remove(id) }
        }
        self.jobs[id] = record
        for parent in record.definition.parents { self.childrenByParent[parent, default: []].insert(id) }
        self.refreshSchedule(id, now: now)
        self.saveJob(id)
    }

    /// Forgets a job, its runs (without killing anything: callers kill first) and its history.
    mutating func forgetJob(_ id: String) {
        guard let old = self.jobs.removeValue(forKey: id) else { return }
        for parent in old.definition.parents { self.childrenByParent[parent]?.remove(id) }
        for run in self.activeRuns(of: id) { self.removeRun(run.key) }
        self.parsedSchedules[id] = nil
        self.nextDue[id] = nil
        self.histories[id] = nil
        self.saveJob(id)
        self.saveHistory(id)
    }

    /// Adds or replaces a run and indexes its tasks.
    mutating func putRun(_ run: JobRun) {
        self.runs[run.key] = run
        self.runKeysByJob[run.jobID, default: []].insert(run.key)
        for attempt in run.attempts where !attempt.isTerminal { self.runByTask[attempt.taskID] = run.key }
        self.saveRun(run.key)
    }

    /// Removes a run that is over, with its task index entries.
    mutating func removeRun(_ key: RunKey) {
        guard let run = self.runs.removeValue(forKey: key) else { return }
        self.runKeysByJob[key.jobID]?.remove(key)
        if self.runKeysByJob[key.jobID]?.isEmpty == true { self.runKeysByJob[key.jobID] = nil }
        for attempt in run.attempts { self.runByTask[attempt.taskID] = nil }
        self.saveRun(key)
    }

    /// Appends to a job's bounded history.
    mutating func appendHistory(_ entry: RunHistoryEntry) {
        guard self.jobs[entry.jobID] != nil else { return }
        var history = self.histories[entry.jobID] ?? JobHistory(jobID: entry.jobID)
        history.append(entry, limit: self.configuration.historyLimit)
        self.histories[entry.jobID] = history
        self.saveHistory(entry.jobID)
    }

    /// Updates a job record in place (counters, cursor, edge counts) and stores it.
    mutating func updateJob(_ id: String, _ change: (inout JobRecord) -> Void) {
        guard var record = self.jobs[id] else { return }
        change(&record)
        self.jobs[id] = record
        self.saveJob(id)
    }
}
