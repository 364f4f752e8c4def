import JobsCore
import Testing

/// Persist → crash → recover → reconcile: a due time is never launched twice under one task ID,
/// and never forgotten.
@Suite struct ExactlyOnceTests {
    static let hourly = #"{"name":"hourly","command":"work","schedule":"R/2026-03-01T01:00:00Z/PT1H","retries":1}"#

    /// A harness at 01:00 with the 01:00 run launched (persisted, launch sent).
    static func launched() -> (JobsHarness, TaskLaunch) {
        var h = JobsHarness(now: "2026-03-01T00:30:00Z")
        h.chronos(Self.hourly)
        h.advance(to: "2026-03-01T01:00:00Z")
        let task = h.offer()[0]
        return (h, task)
    }

    @Test func aTaskTheMasterReportsRunningIsAdoptedNotRelaunched() {
        var (h, task) = Self.launched()
        h.now = h.now.adding(seconds: 30)
        h.restart()
        #expect(h.handle(.subscribed).contains(.reconcile([ReconcileTask(taskID: task.taskID, agentID: "a1")])))
        h.status(task.taskID, .running)
        #expect(h.offer().isEmpty)
        #expect(h.core.activeRuns(of: "hourly").first?.status == .active)
        h.status(task.taskID, .finished)
        #expect(h.core.history(of: "hourly").map(\.outcome) == [.success])
        #expect(h.launches.count == 1)
    }

    @Test func aTaskLostInTheCrashIsRetriedUnderTheNextAttemptNumber() {
        // The persist was written but the launch never reached the master.
        var (h, task) = Self.launched()
        h.restart()
        h.handle(.subscribed)
        h.status(task.taskID, .lost, message: "Reconciliation: Task is unknown")
        h.advance(60)
        let retry = h.offer()
        #expect(retry.map(\.taskID) == [task.taskID.replacingOccurrences(of: ":0:hourly:", with: ":1:hourly:")])
        #expect(Set(h.launches.map(\.taskID)).count == h.launches.count)
        #expect(h.core.activeRuns(of: "hourly").map(\.due) == [task.due])
    }

    @Test func anInstantDueWhileDownRunsOnceEvenAcrossTwoRestarts() {
        var h = JobsHarness(now: "2026-03-01T00:30:00Z")
        h.chronos(Self.hourly)
        h.now = at("2026-03-01T01:00:10Z")
        h.restart()
        #expect(h.activeDues("hourly") == ["2026-03-01T01:00:00.000Z"])
        h.now = h.now.adding(seconds: 1)
        h.restart(seed: 3)
        #expect(h.activeDues("hourly") == ["2026-03-01T01:00:00.000Z"])
        #expect(h.offer().count == 1)
    }

    @Test func aLostPersistIsRedoneAfterRecoveryWithoutDuplicates() {
        // The crash happened before the settling batch was written: nothing of it survives.
        var h = JobsHarness(now: "2026-03-01T00:30:00Z")
        h.chronos(Self.hourly)
        let stored = h.store
        h.advance(to: "2026-03-01T01:00:00Z")
        #expect(h.activeDues("hourly").count == 1)
        h.store = stored
        h.now = at("2026-03-01T01:00:05Z")
        h.restart()
        #expect(h.activeDues("hourly") == ["2026-03-01T01:00:00.000Z"])
    }

    @Test func unknownTasksAreKilledAndTasksOfDeletedJobsToo() {
        var (h, task) = Self.launched()
        h.restart()
        let output = h.handle(.statusUpdate(TaskStatusUpdate(taskID: "ct:1:0:ghost:", state: .running, agentID: "a9")))
        #expect(JobsHarness.kills(output) == ["ct:1:0:ghost:"])
        h.perform(.chronosDelete(name: "hourly"))
        #expect(JobsHarness.kills(h.directives).contains(task.taskID))
        #expect(h.store.keys.filter { $0.contains("hourly") }.isEmpty)
        #expect(JobsHarness.kills(h.status(task.taskID, .running)) == [task.taskID])
    }

    @Test func recoveryDoesNotKillTasksBeforeTheLaunchTimeoutCountsFromRecovery() {
        var (h, task) = Self.launched()
        h.now = h.now.adding(seconds: 600)  // down for ten minutes, task state never reported
        let output = h.restart()
        #expect(JobsHarness.kills(output).isEmpty)
        #expect(JobsHarness.kills(h.advance(300)) == [task.taskID])
    }
}
