import JobsCore
import Testing

@Suite struct RetryTests {
    /// Fails every attempt of one run; returns the launches and the seconds between them.
    static func failEveryAttempt(_ h: inout JobsHarness, job: String, attempts: Int) -> (ids: [String], gaps: [Double]) {
        var ids: [String] = []
        var gaps: [Double] = []
        var failedAt = h.now
        for index in 0..<attempts {
            var launched = h.offer()
            var waited = 0.0
            while launched.isEmpty && waited < 1000 {
                h.advance(1)
                waited += 1
                launched = h.offer()
            }
            guard let task = launched.first else { break }
            if index > 0 { gaps.append(h.now.seconds(since: failedAt)) }
            ids.append(task.taskID)
            h.status(task.taskID, .running)
            h.status(task.taskID, .failed, message: "exit 1")
            failedAt = h.now
        }
        return (ids, gaps)
    }

    @Test func chronosRetriesTwiceWithGrowingBackoffThenFails() {
        var h = JobsHarness(now: "2026-03-01T10:00:00Z")
        h.chronos(#"{"name":"flaky","command":"false","schedule":"R/2026-03-01T10:00:00Z/PT24H"}"#)
        let (ids, gaps) = Self.failEveryAttempt(&h, job: "flaky", attempts: 4)
        let due = at("2026-03-01T10:00:00Z").milliseconds
        #expect(ids == ["ct:\(due):0:flaky:", "ct:\(due):1:flaky:", "ct:\(due):2:flaky:"])
        #expect(gaps == [60, 120])
        #expect(h.core.activeRuns(of: "flaky").isEmpty)
        let entry = h.core.history(of: "flaky").last
        #expect(entry?.outcome == .failed)
        #expect(entry?.attempts.count == 3)
        #expect(entry?.reason == "exit 1")
        #expect(h.core.jobs["flaky"]?.counters.errorCount == 1)
    }

    @Test func aJobWhosePreviousRunFailedStillRetries() {
        // Chronos gives no retries when lastError is newer than lastSuccess; Agora drops that quirk.
        var h = JobsHarness(now: "2026-03-01T10:00:00Z")
        h.chronos(#"{"name":"flaky","command":"false","schedule":"R/2026-03-01T10:00:00Z/PT1H","retries":1}"#)
        #expect(Self.failEveryAttempt(&h, job: "flaky", attempts: 3).ids.count == 2)
        h.advance(to: "2026-03-01T11:00:00Z")
        let (ids, _) = Self.failEveryAttempt(&h, job: "flaky", attempts: 3)
        #expect(ids.count == 2)
        #expect(ids.last?.hasPrefix("ct:\(at("2026-03-01T11:00:00Z").milliseconds):1:") == true)
    }

    @Test func metronomeNeverRestartsByDefault() {
        var h = JobsHarness()
        h.metronome(#"{"id":"once","run":{"cmd":"false","cpus":0.1,"mem":32,"disk":0}}"#)
        h.perform(.metronomeStartRun(jobID: "once"))
        #expect(Self.failEveryAttempt(&h, job: "once", attempts: 3).ids.count == 1)
        #expect(h.core.history(of: "once").last?.outcome == .failed)
    }

    @Test func onFailureRestartsUntilTheActiveDeadlineWithBackoffCappedByMaxLaunchDelay() {
        var h = JobsHarness()
        h.metronome(#"{"id":"stubborn","run":{"cmd":"false","cpus":0.1,"mem":32,"disk":0,"maxLaunchDelay":100,"restart":{"policy":"ON_FAILURE","activeDeadlineSeconds":400}}}"#)
        h.perform(.metronomeStartRun(jobID: "stubborn"))
        let (ids, gaps) = Self.failEveryAttempt(&h, job: "stubborn", attempts: 10)
        #expect(gaps.prefix(3) == [60, 100, 100])
        #expect(ids.count == 5, "launches at 0, 60, 160, 260, 360; the relaunch due at 460 is past the deadline at 400")
        #expect(h.core.history(of: "stubborn").last?.outcome == .failed)
        #expect(h.core.history(of: "stubborn").last?.reason == "activeDeadlineExceeded")
    }

    @Test func successAfterARetryCountsOneSuccess() {
        var h = JobsHarness()
        h.chronos(#"{"name":"second-time","command":"x","schedule":"R/2026-03-01T00:00:00Z/PT24H"}"#)
        let first = h.offer()
        h.status(first[0].taskID, .failed)
        h.advance(60)
        let second = h.offer()
        h.status(second[0].taskID, .finished)
        let counters = h.core.jobs["second-time"]!.counters
        #expect((counters.successCount, counters.errorCount) == (1, 0))
        #expect(h.core.history(of: "second-time").last?.attempts.map(\.state) == [.failed, .finished])
    }
}
