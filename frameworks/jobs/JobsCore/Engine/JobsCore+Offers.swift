import OfferMatching

extension JobsCore {
    /// Launches queued runs on the first offer each fits (resources and constraints), high
    /// priority first, then oldest first. A `FORBID` job gets at most one task per offer round;
    /// several jobs share an offer while it has room. Held offers take part too. Offers that got
    /// nothing are held while a run comes due soon (`offerHoldSeconds`), else declined until then.
    mutating func handleOffers(_ offers: [ResourceOffer], now: Timestamp, _ out: inout [JobsDirective]) {
        let all = self.heldOffers + offers
        self.heldOffers = []
        var pools = OfferPool.combining(all)
        var launches: [[TaskLaunch]] = Array(repeating: [], count: pools.count)
        var launchedJobs: Set<String> = []
        for key in self.launchableRuns(now: now) {
            guard let definition = self.jobs[key.jobID]?.definition else { continue }
            if definition.policies.concurrency == .forbid && launchedJobs.contains(key.jobID) { continue }
            for index in pools.indices {
                guard case .success(let allocation) = pools[index].take(
                    definition.resourceDemand, constraints: definition.constraints, placed: [],
                    options: self.configuration.matchOptions)
                else { continue }
                launches[index].append(self.launch(key, on: pools[index].placement, allocation: allocation, now: now))
                launchedJobs.insert(key.jobID)
                break
            }
        }
        let holding = self.wantsOffersSoon(now: now)
        for (index, pool) in pools.enumerated() {
            if launches[index].isEmpty && holding {
                self.heldOffers += all.filter { pool.offerIDs.contains($0.id) }
            } else if launches[index].isEmpty {
                out.append(.decline(offerIDs: pool.offerIDs, refuseSeconds: self.declineSeconds(now: now)))
            } else {
                out.append(.launch(offerIDs: pool.offerIDs, agentID: pool.agentID, tasks: launches[index]))
            }
        }
    }

    /// Runs waiting for an offer whose backoff has passed: high priority first, then by the time
    /// they became launchable, due time and job.
    func launchableRuns(now: Timestamp) -> [RunKey] {
        let ready = self.runs.values.filter { run in
            guard let at = run.launchAt, at <= now, run.liveAttempt == nil, run.stopReason == nil,
                  let definition = self.jobs[run.jobID]?.definition else { return false }
            return !definition.disabled
        }
        return ready.sorted { lhs, rhs in
            let left = self.jobs[lhs.jobID]!.definition.policies.highPriority
            let right = self.jobs[rhs.jobID]!.definition.policies.highPriority
            if left != right { return left }
            return (lhs.launchAt!, lhs.due, lhs.jobID) < (rhs.launchAt!, rhs.due, rhs.jobID)
        }.map(\.key)
    }

    /// Records the attempt (persisted before the `.launch` goes out), rewrites a Chronos
    /// schedule on a scheduled run's first launch, and builds the task.
    private mutating func launch(_ key: RunKey, on placement: Placement, allocation: ResourceAllocation, now: Timestamp) -> TaskLaunch {
        var run = self.runs[key]!
        let definition = self.jobs[key.jobID]!.definition
        let attemptNumber = run.attempts.count
        let arguments = run.arguments ?? definition.command.arguments.joined(separator: " ")
        let taskID = ChronosTaskID(due: run.due, attempt: attemptNumber, jobName: key.jobID, arguments: arguments).description
        let attempt = TaskAttempt(taskID: taskID, attempt: attemptNumber, agentID: placement.agentID,
                                  hostname: placement.hostname, launchedAt: now)
        run.attempts.append(attempt)
        run.launchAt = nil
        self.putRun(run)
        if run.trigger == .schedule && attemptNumber == 0 { self.advanceChronosSchedule(key.jobID, now: now) }
        return self.taskLaunch(run: run, attempt: attempt, definition: definition, resources: allocation.byRole)
    }

    /// Chronos's stored-schedule rewrite (`skipForward`): the start moves past `now` and `Rn`
    /// counts down by one. Cron schedules are not rewritten.
    private mutating func advanceChronosSchedule(_ jobID: String, now: Timestamp) {
        guard var record = self.jobs[jobID], var spec = record.definition.schedule,
              case .iso8601(let iso)? = self.parsedSchedules[jobID] else { return }
        spec.expression = .iso8601(iso.advancedPast(now.date, runs: 1).chronosString)
        record.definition.trigger = .schedule(spec)
        self.jobs[jobID] = record
        self.refreshSchedule(jobID, now: now)
        self.saveJob(jobID)
    }
}
