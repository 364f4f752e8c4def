import JobsCore
import Testing

/// Missed-run policies applied to what came due while the scheduler was down: an hourly job
/// created at 00:30 (first instant 01:00), the scheduler dies at once and comes back later.
@Suite struct DowntimeMissedRunTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var policy: String
        var concurrent = false
        var deadline: Int?
        var recoverAt: String
        var runs: [String]
        var skipped: [String]

        var testDescription: String { "\(self.policy) concurrent=\(self.concurrent) deadline=\(self.deadline.map(String.init) ?? "-") at \(self.recoverAt)" }
    }

    static let cases: [Case] = [
        Case(policy: "skip", recoverAt: "05:00:30", runs: ["05"], skipped: ["01 missed", "02 missed", "03 missed", "04 missed"]),
        Case(policy: "skip", recoverAt: "05:10:00", runs: [], skipped: ["01 missed", "02 missed", "03 missed", "04 missed", "05 missed"]),
        Case(policy: "runOnce", recoverAt: "05:10:00", runs: ["05"],
             skipped: ["01 coalesced", "02 coalesced", "03 coalesced", "04 coalesced"]),
        Case(policy: "runAll", concurrent: true, recoverAt: "05:10:00", runs: ["01", "02", "03", "04", "05"], skipped: []),
        Case(policy: "runAll", recoverAt: "05:10:00", runs: ["01"],
             skipped: ["02 concurrencyForbidden", "03 concurrencyForbidden", "04 concurrencyForbidden", "05 concurrencyForbidden"]),
        Case(policy: "runOnce", deadline: 300, recoverAt: "05:10:00", runs: [],
             skipped: ["01 deadlineExceeded", "02 deadlineExceeded", "03 deadlineExceeded", "04 deadlineExceeded", "05 deadlineExceeded"]),
        Case(policy: "runAll", concurrent: true, deadline: 7200, recoverAt: "05:10:00", runs: ["04", "05"],
             skipped: ["01 deadlineExceeded", "02 deadlineExceeded", "03 deadlineExceeded"]),
    ]

    @Test(arguments: Self.cases)
    func downtimeIsSettledOnceByPolicy(_ testCase: Case) {
        var h = JobsHarness(now: "2026-03-01T00:30:00Z")
        let deadline = testCase.deadline.map { #","startingDeadlineSeconds":\#($0)"# } ?? ""
        h.chronos(#"{"name":"hourly","command":"true","schedule":"R/2026-03-01T01:00:00Z/PT1H","missedRunPolicy":"\#(testCase.policy)","concurrent":\#(testCase.concurrent)\#(deadline)}"#)
        #expect(h.activeDues("hourly").isEmpty)
        h.now = at("2026-03-01T\(testCase.recoverAt)Z")
        h.restart()
        let expectedRuns = testCase.runs.map { "2026-03-01T\($0):00:00.000Z" }
        let expectedSkips = testCase.skipped.map { "2026-03-01T\($0.prefix(2)):00:00.000Z \($0.dropFirst(3))" }
        #expect(h.activeDues("hourly") == expectedRuns)
        #expect(h.skips("hourly") == expectedSkips)
        // A second restart (another failover before anything happened) settles nothing again.
        h.now = h.now.adding(seconds: 5)
        h.restart(seed: 5)
        #expect(h.activeDues("hourly") == expectedRuns)
        #expect(h.skips("hourly") == expectedSkips)
    }

    @Test func nextWakeUpIsTheNextDueInstant() {
        var h = JobsHarness(now: "2026-03-01T00:30:00Z")
        h.chronos(#"{"name":"hourly","command":"true","schedule":"R/2026-03-01T01:00:00Z/PT1H"}"#)
        #expect(JobsHarness.wakeUp(h.directives) == at("2026-03-01T01:00:00Z"))
        let output = h.advance(to: "2026-03-01T01:00:00Z")
        #expect(output.contains(.reviveOffers))
        #expect(h.activeDues("hourly") == ["2026-03-01T01:00:00.000Z"])
    }

    @Test func emptyStartRunsAtOnceAndPastStartRunsItsLatestInstant() {
        var h = JobsHarness(now: "2026-03-01T10:20:00Z")
        h.chronos(#"{"name":"now","command":"true","schedule":"R//PT1H"}"#)
        h.chronos(#"{"name":"old","command":"true","schedule":"R/2014-09-25T17:00:00Z/PT1H"}"#)
        #expect(h.activeDues("now") == ["2026-03-01T10:19:59.000Z"])
        #expect(h.activeDues("old") == ["2026-03-01T10:00:00.000Z"])
        #expect(h.skips("old").isEmpty, "instants before the job existed are not missed runs")
    }

    @Test func repostingTheOriginalScheduleDoesNotRunAnInstantTwice() {
        var h = JobsHarness(now: "2026-03-01T10:20:00Z")
        let body = #"{"name":"sync","command":"true","schedule":"R/2026-03-01T00:00:00Z/PT1H"}"#
        h.chronos(body)
        let first = h.offer()
        #expect(first.map(\.due) == [at("2026-03-01T10:00:00Z")])
        h.status(first[0].taskID, .finished)
        h.now = h.now.adding(seconds: 60)
        h.chronos(body)  // a sync tool posts the original text again
        #expect(h.activeDues("sync").isEmpty)
        #expect(h.offer().isEmpty)
    }
}
