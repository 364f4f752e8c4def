import JobsCore
import Testing

@Suite struct DeadlineTests {
    @Test func maxCompletionTimeKillsAnOverrunningTaskAndTheRunIsRetried() {
        var h = JobsHarness()
        h.chronos(#"{"name":"slow","command":"sleep 1000","schedule":"R/2026-03-01T00:00:00Z/PT24H","maxCompletionTime":30,"retries":1}"#)
        let task = h.offer()[0]
        #expect(task.maxCompletionSeconds == 30)
        h.status(task.taskID, .running)
        #expect(JobsHarness.kills(h.advance(29)).isEmpty)
        #expect(JobsHarness.wakeUp(h.directives) == at("2026-03-01T00:00:30Z"))
        #expect(JobsHarness.kills(h.advance(1)) == [task.taskID])
        h.status(task.taskID, .killed)
        let run = h.core.activeRuns(of: "slow").first
        #expect(run?.attempts.first?.killReason == .maxCompletionTime)
        #expect(run?.launchAt == at("2026-03-01T00:01:30Z"))
    }

    @Test func activeDeadlineKillsTheTaskAndFailsTheRunWithoutRelaunch() {
        var h = JobsHarness()
        h.metronome(#"{"id":"bounded","run":{"cmd":"sleep 1000","cpus":0.1,"mem":32,"disk":0,"restart":{"policy":"ON_FAILURE","activeDeadlineSeconds":120}}}"#)
        h.perform(.metronomeStartRun(jobID: "bounded"))
        let task = h.offer()[0]
        h.status(task.taskID, .running)
        #expect(JobsHarness.kills(h.advance(120)) == [task.taskID])
        h.status(task.taskID, .killed)
        #expect(h.core.activeRuns(of: "bounded").isEmpty)
        #expect(h.core.history(of: "bounded").last?.reason == "activeDeadlineExceeded")
        #expect(h.core.jobs["bounded"]?.counters.errorCount == 1)
        h.advance(600)
        #expect(h.offer().isEmpty)
    }

    @Test func aScheduledRunNotActiveWithinItsStartingDeadlineFails() {
        var h = JobsHarness(now: "2026-03-01T00:00:30Z")
        h.metronome(#"{"id":"late","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0},"schedules":[{"id":"minute","cron":"* * * * *","startingDeadlineSeconds":60}]}"#)
        h.advance(to: "2026-03-01T00:01:00Z")
        #expect(h.activeDues("late") == ["2026-03-01T00:01:00.000Z"])
        h.advance(to: "2026-03-01T00:01:59Z")
        #expect(h.activeDues("late") == ["2026-03-01T00:01:00.000Z"])
        h.advance(to: "2026-03-01T00:02:00Z")
        let failed = h.core.history(of: "late").first { $0.due == at("2026-03-01T00:01:00Z") }
        #expect(failed?.outcome == .failed)
        #expect(failed?.reason == "startingDeadlineExceeded")
        #expect(h.activeDues("late") == ["2026-03-01T00:02:00.000Z"])
    }

    @Test func aTaskThatNeverRunsIsKilledAfterTheLaunchTimeout() {
        var h = JobsHarness()
        h.chronos(#"{"name":"stuck","command":"x","schedule":"R/2026-03-01T00:00:00Z/PT24H"}"#)
        let task = h.offer()[0]
        h.status(task.taskID, .staging)
        #expect(JobsHarness.kills(h.advance(299)).isEmpty)
        #expect(JobsHarness.kills(h.advance(1)) == [task.taskID])
        // no terminal update: the kill is repeated
        #expect(JobsHarness.kills(h.advance(10)) == [task.taskID])
        h.status(task.taskID, .killed)
        #expect(h.core.activeRuns(of: "stuck").first?.failures == 1)
    }

    @Test func stoppingARunKillsItsTaskAndDoesNotRelaunch() {
        var h = JobsHarness()
        h.metronome(#"{"id":"stoppable","run":{"cmd":"sleep 100","cpus":0.1,"mem":32,"disk":0,"restart":{"policy":"ON_FAILURE"}}}"#)
        guard case .created(let body) = h.perform(.metronomeStartRun(jobID: "stoppable")), let runID = body["id"]?.stringValue else {
            Issue.record("run not created")
            return
        }
        let task = h.offer()[0]
        h.status(task.taskID, .running)
        let before = h.directives.count
        let stopped = h.perform(.metronomeStopRun(jobID: "stoppable", runID: runID))
        #expect(stopped.statusCode == 200)
        #expect(JobsHarness.kills(Array(h.directives[before...])) == [task.taskID])
        h.status(task.taskID, .killed)
        #expect(h.core.activeRuns(of: "stoppable").isEmpty)
        #expect(h.core.jobs["stoppable"]?.counters.errorCount == 0, "an operator's stop is not a job error")
        #expect(h.perform(.metronomeStopRun(jobID: "stoppable", runID: "nope")).statusCode == 404)
    }
}
