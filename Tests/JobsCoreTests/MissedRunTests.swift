import Foundation
import Testing
@testable import JobsCore

@Suite("Missed-run policies")
struct MissedRunTests {
    /// Every 10 minutes, UTC.
    let tenMinutes: CronSchedule

    init() throws {
        tenMinutes = try CronSchedule.parse("*/10 * * * *")
    }

    func decide(_ policy: MissedRunPolicy, _ lastConsidered: String, _ now: String,
                deadline: TimeInterval? = nil) -> MissedRunDecision {
        tenMinutes.missedRuns(MissedRunRequest(lastConsidered: utc(lastConsidered), now: utc(now),
                                               policy: policy, startingDeadline: deadline))
    }

    func skipped(_ decision: MissedRunDecision) -> [String] {
        decision.skipped.map { "\(utcText($0.scheduledAt)) \($0.reason.rawValue)" }
    }

    @Test("runOnce (default): the latest due instant runs, older ones are coalesced")
    func runOnce() {
        #expect(MissedRunPolicy.default == .runOnce)
        let decision = decide(.runOnce, "2026-01-01T00:00:00Z", "2026-01-01T00:35:00Z")
        #expect(decision.runs == [utc("2026-01-01T00:30:00Z")])
        #expect(skipped(decision) == ["2026-01-01T00:10:00Z coalesced", "2026-01-01T00:20:00Z coalesced"])
        #expect(decision.consideredThrough == utc("2026-01-01T00:35:00Z"))
        #expect(decision.isComplete)
    }

    @Test("runAll: every due instant runs, oldest first")
    func runAll() {
        let decision = decide(.runAll, "2026-01-01T00:00:00Z", "2026-01-01T00:35:00Z")
        #expect(decision.runs == ["2026-01-01T00:10:00Z", "2026-01-01T00:20:00Z", "2026-01-01T00:30:00Z"].map(utc))
        #expect(decision.skipped.isEmpty)
    }

    @Test("skip: the latest runs only when on time (within 60 s); otherwise all are missed")
    func skip() {
        let late = decide(.skip, "2026-01-01T00:00:00Z", "2026-01-01T00:35:00Z")
        #expect(late.runs.isEmpty)
        #expect(skipped(late) == ["2026-01-01T00:10:00Z missed", "2026-01-01T00:20:00Z missed", "2026-01-01T00:30:00Z missed"])
        let onTime = decide(.skip, "2026-01-01T00:00:00Z", "2026-01-01T00:31:00Z")
        #expect(onTime.runs == [utc("2026-01-01T00:30:00Z")])
        #expect(skipped(onTime) == ["2026-01-01T00:10:00Z missed", "2026-01-01T00:20:00Z missed"])
        let justLate = decide(.skip, "2026-01-01T00:20:00Z", "2026-01-01T00:31:00.001Z")
        #expect(justLate.runs.isEmpty)
    }

    @Test("a starting deadline skips older instants under every policy")
    func deadline() {
        // now 00:35, deadline 15 min: 00:10 is 25 min old (exceeded), 00:20 exactly 15 min (allowed).
        let all = decide(.runAll, "2026-01-01T00:00:00Z", "2026-01-01T00:35:00Z", deadline: 900)
        #expect(all.runs == ["2026-01-01T00:20:00Z", "2026-01-01T00:30:00Z"].map(utc))
        #expect(skipped(all) == ["2026-01-01T00:10:00Z deadlineExceeded"])
        // 10 min deadline: only 00:30 may start.
        let once = decide(.runOnce, "2026-01-01T00:00:00Z", "2026-01-01T00:35:00Z", deadline: 600)
        #expect(once.runs == [utc("2026-01-01T00:30:00Z")])
        #expect(skipped(once) == ["2026-01-01T00:10:00Z deadlineExceeded", "2026-01-01T00:20:00Z deadlineExceeded"])
        // 2 min deadline: even the latest is too late.
        let none = decide(.runOnce, "2026-01-01T00:00:00Z", "2026-01-01T00:35:00Z", deadline: 120)
        #expect(none.runs.isEmpty)
        #expect(skipped(none).count == 3 && none.skipped.allSatisfy { $0.reason == .deadlineExceeded })
        let skipPolicy = decide(.skip, "2026-01-01T00:20:00Z", "2026-01-01T00:30:30Z", deadline: 20)
        #expect(skipPolicy.runs.isEmpty)
        #expect(skipped(skipPolicy) == ["2026-01-01T00:30:00Z deadlineExceeded"])
    }

    @Test("bounds: lastConsidered is exclusive, now inclusive; nothing due gives an empty decision")
    func bounds() {
        let exact = decide(.runOnce, "2026-01-01T00:10:00Z", "2026-01-01T00:20:00Z")
        #expect(exact.runs == [utc("2026-01-01T00:20:00Z")])
        #expect(exact.skipped.isEmpty)
        let nothing = decide(.runAll, "2026-01-01T00:31:00Z", "2026-01-01T00:39:59Z")
        #expect(nothing.runs.isEmpty && nothing.skipped.isEmpty && nothing.isComplete)
        #expect(nothing.consideredThrough == utc("2026-01-01T00:39:59Z"))
    }

    @Test("runAll is capped per call; the rest stay due for the next call")
    func runAllCap() throws {
        let everyMinute = try CronSchedule.parse("* * * * *")
        var request = MissedRunRequest(lastConsidered: utc("2026-01-01T00:00:00Z"), now: utc("2026-01-01T03:00:00Z"), policy: .runAll)
        request.maxRunsPerCall = 100
        let first = everyMinute.missedRuns(request)
        #expect(first.runs.count == 100)
        #expect(first.runs.last == utc("2026-01-01T01:40:00Z"))
        #expect(!first.isComplete && first.consideredThrough == utc("2026-01-01T01:40:00Z"))
        request.lastConsidered = first.consideredThrough
        let second = everyMinute.missedRuns(request)
        #expect(second.runs.count == 80 && second.runs.first == utc("2026-01-01T01:41:00Z"))
        #expect(second.isComplete)
    }

    /// Calls repeatedly until complete, as a scheduler would.
    func settle(_ schedule: some Schedule, _ request: MissedRunRequest) -> (runs: [Date], skipped: [SkippedRun], calls: Int) {
        var request = request
        var runs: [Date] = [], skipped: [SkippedRun] = [], calls = 0
        while calls < 1000 {
            let decision = schedule.missedRuns(request)
            calls += 1
            runs += decision.runs
            skipped += decision.skipped
            if decision.isComplete { break }
            request.lastConsidered = decision.consideredThrough
        }
        return (runs, skipped, calls)
    }

    @Test("the per-call instant bound loses nothing: every due instant is run or skipped exactly once",
          arguments: MissedRunPolicy.allCases)
    func batching(_ policy: MissedRunPolicy) throws {
        let everyMinute = try CronSchedule.parse("* * * * *")
        var request = MissedRunRequest(lastConsidered: utc("2026-01-01T00:00:00Z"), now: utc("2026-01-01T03:00:00Z"),
                                       policy: policy, startingDeadline: 3600)
        request.maxInstantsPerCall = 50
        let result = settle(everyMinute, request)
        let due = everyMinute.occurrences(after: request.lastConsidered, through: request.now, limit: 1000)
        #expect(due.count == 180)
        #expect((result.runs + result.skipped.map(\.scheduledAt)).sorted() == due)
        #expect(result.calls > 3)
        #expect(result.skipped.filter { $0.reason == .deadlineExceeded }.count == 119)  // older than 02:00
        switch policy {
        case .runOnce: #expect(result.runs == [utc("2026-01-01T03:00:00Z")])
        case .skip: #expect(result.runs == [utc("2026-01-01T03:00:00Z")])  // 0 s late
        case .runAll: #expect(result.runs.count == 61)  // 02:00 … 03:00
        }
    }

    @Test("Chronos flow: one catch-up run, then the stored schedule moves past now and counts down")
    func chronosFlow() throws {
        let schedule = try iso("R5/2026-01-01T00:00:00Z/PT1M")
        let now = utc("2026-01-01T00:03:30Z")
        let decision = schedule.missedRuns(MissedRunRequest(lastConsidered: utc("2025-12-31T23:59:59Z"), now: now))
        #expect(decision.runs == [utc("2026-01-01T00:03:00Z")])
        #expect(decision.skipped.map(\.scheduledAt) == ["2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z"].map(utc))
        #expect(schedule.advancedPast(now, runs: decision.runs.count).chronosString == "R4/2026-01-01T00:04:00.000Z/PT1M")
    }

    @Test("an exhausted ISO schedule has nothing due")
    func exhausted() throws {
        let schedule = try iso("R2/2026-01-01T00:00:00Z/PT1M")
        let decision = schedule.missedRuns(MissedRunRequest(lastConsidered: utc("2025-12-31T00:00:00Z"), now: utc("2026-01-01T01:00:00Z"), policy: .runAll))
        #expect(decision.runs == ["2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z"].map(utc))
        #expect(decision.isComplete)
    }

    @Test("JobSchedule dispatches to either kind")
    func jobSchedule() throws {
        let schedules: [JobSchedule] = [.cron(try cron("0 * * * *")), .iso8601(try iso("R/2026-01-01T00:00:00Z/PT1H"))]
        for schedule in schedules {
            #expect(schedule.next(after: utc("2026-01-01T00:30:00Z")) == utc("2026-01-01T01:00:00Z"))
        }
    }
}
