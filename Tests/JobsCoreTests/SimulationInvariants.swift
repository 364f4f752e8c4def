import JobsCore
import Testing

extension JobsSimulation {
    static let forbidJobs = ["minutely", "skipper", "child", "manual"]

    func checkInvariants(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.cluster.duplicateLaunches.isEmpty, "task IDs launched twice: \(self.cluster.duplicateLaunches)", sourceLocation: sourceLocation)
        for job in Self.forbidJobs {
            #expect(self.h.core.activeRuns(of: job).count <= 1, "FORBID job \(job) has overlapping runs", sourceLocation: sourceLocation)
            #expect(self.cluster.liveTasks(of: job) <= 1, "FORBID job \(job) has overlapping tasks", sourceLocation: sourceLocation)
        }
        self.checkOneLiveTaskPerRun(sourceLocation)
        for job in self.h.core.jobIDs { self.checkRunsAreUnique(job, sourceLocation) }
        for (job, schedule) in self.schedules.sorted(by: { $0.key < $1.key }) {
            self.checkEveryInstantSettledOnce(job, schedule.0, from: schedule.1, sourceLocation)
        }
    }

    /// Never two live tasks for one run (job, due).
    private func checkOneLiveTaskPerRun(_ sourceLocation: SourceLocation) {
        var live: [String: Int] = [:]
        for id in self.cluster.tasks.keys {
            guard let parsed = ChronosTaskID(parsing: id) else {
                Issue.record("not a Chronos task ID: \(id)", sourceLocation: sourceLocation)
                continue
            }
            live["\(parsed.jobName)@\(parsed.due.milliseconds)", default: 0] += 1
        }
        let doubled = live.filter { $0.value > 1 }
        #expect(doubled.isEmpty, "runs with two live tasks: \(doubled)", sourceLocation: sourceLocation)
    }

    /// A due time is run at most once: run records (active and finished) have distinct dues.
    private func checkRunsAreUnique(_ job: String, _ sourceLocation: SourceLocation) {
        let dues = self.h.core.history(of: job).filter { $0.runID != nil }.map(\.due) + self.h.core.activeRuns(of: job).map(\.due)
        #expect(Set(dues).count == dues.count, "\(job) ran a due time twice", sourceLocation: sourceLocation)
        let skipsWithoutReason = self.h.core.history(of: job).filter { $0.outcome == .skipped && ($0.reason ?? "").isEmpty }
        #expect(skipsWithoutReason.isEmpty, sourceLocation: sourceLocation)
    }

    /// Every scheduled instant up to the job's cursor became exactly one run or one recorded skip.
    private func checkEveryInstantSettledOnce(_ job: String, _ schedule: JobSchedule, from start: Timestamp, _ sourceLocation: SourceLocation) {
        guard let cursor = self.h.core.jobs[job]?.scheduleCursor else { return }
        let instants = schedule.occurrences(after: start.date, through: cursor.date, limit: 100_000).map(Timestamp.init)
        let settled = self.h.core.history(of: job).filter { $0.trigger == .schedule }.map(\.due)
            + self.h.core.activeRuns(of: job).filter { $0.trigger == .schedule }.map(\.due)
        for instant in instants {
            let matches = settled.filter { $0 >= instant && $0.milliseconds < instant.milliseconds + 50 }.count
            #expect(matches == 1, "\(job) instant \(instant) settled \(matches) times", sourceLocation: sourceLocation)
        }
        #expect(settled.count == instants.count, "\(job): \(settled.count) settled for \(instants.count) instants", sourceLocation: sourceLocation)
    }
}
