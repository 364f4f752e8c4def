extension JobsCore {
    /// Rebuilds the core from stored records after a restart or leader change. Instants that
    /// came due while no scheduler ran are settled at once by each job's missed-run policy (the
    /// persisted cursor says which were settled before). Runs keep their attempts; their tasks
    /// are confirmed when the framework subscribes (`.subscribed` reconciles them): a task the
    /// master reports running is adopted, one it reports lost or unknown ends the attempt, which
    /// is relaunched per the job's policy under the next attempt number (never the same task ID).
    public static func recover(
        from state: PersistedState, configuration: JobsConfiguration = JobsConfiguration(), seed: UInt64, now: Timestamp
    ) -> (JobsCore, [JobsDirective]) {
        var core = JobsCore(configuration: configuration, seed: seed)
        core.recoveredAt = now
        var storedRuns: [JobRun] = []
        for record in state.records {
            switch record {
            case .job(let job): core.jobs[job.id] = job
            case .run(let run): storedRuns.append(run)
            case .history(let history): core.histories[history.jobID] = history
            }
        }
        for (id, record) in core.jobs {
            for parent in record.definition.parents { core.childrenByParent[parent, default: []].insert(id) }
            core.refreshSchedule(id, now: now)
        }
        var out: [JobsDirective] = []
        for run in storedRuns {
            guard core.jobs[run.jobID] != nil else {
                // A run of a job whose deletion was stored: kill its task, drop the record.
                if let live = run.liveAttempt { out.append(.kill(taskID: live.taskID, agentID: live.agentID, gracePeriodSeconds: nil)) }
                core.record(.delete(key: StoreKeys.run(run.key)), key: StoreKeys.run(run.key))
                continue
            }
            core.runs[run.key] = run
            core.runKeysByJob[run.jobID, default: []].insert(run.key)
            if let live = run.liveAttempt { core.runByTask[live.taskID] = run.key }
        }
        for id in Set(core.histories.keys).subtracting(core.jobs.keys) {
            core.histories[id] = nil
            core.record(.delete(key: StoreKeys.history(id)), key: StoreKeys.history(id))
        }
        core.begin(now: now, &out)
        return (core, core.finish(now: now, out))
    }

    /// Launched tasks whose state the master should confirm.
    public var tasksToReconcile: [ReconcileTask] {
        self.runs.values.compactMap { run in
            run.liveAttempt.map { ReconcileTask(taskID: $0.taskID, agentID: $0.agentID) }
        }.sorted { $0.taskID < $1.taskID }
    }

    /// After (re)subscribing: explicit then implicit reconciliation, and a fresh revive/suppress
    /// decision.
    mutating func handleSubscribed(now: Timestamp, _ out: inout [JobsDirective]) {
        out.append(.reconcile(self.tasksToReconcile))
        out.append(.reconcile([]))
        self.offerInterest = .unknown
        self.heldOffers = []  // offers of an earlier subscription are void
        self.lastReviveAt = nil
        self.newWork = true
    }
}
