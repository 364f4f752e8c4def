import Foundation
import Testing
@testable import JobsCore

@Suite("Chronos stored-schedule rewriting (skipForward)")
struct ChronosRewriteTests {
    @Test("R5 becomes R4 after one run even when three slots were passed")
    func countsDownOncePerRun() throws {
        let schedule = try iso("R5/2026-01-01T00:00:00.000Z/PT1M")
        // Slots 00:00 … 00:03 are past at 00:03:30; the next future slot is 00:04.
        let rewritten = schedule.advancedPast(utc("2026-01-01T00:03:30Z"))
        #expect(rewritten.chronosString == "R4/2026-01-01T00:04:00.000Z/PT1M")
        #expect(rewritten.next(after: utc("2026-01-01T00:03:30Z")) == utc("2026-01-01T00:04:00Z"))
    }

    @Test("a now exactly on a slot moves to the following slot (floor((now-start)/period)+1)")
    func exactSlot() throws {
        let rewritten = try iso("R/2026-01-01T00:00:00Z/PT1M").advancedPast(utc("2026-01-01T00:03:00Z"))
        #expect(rewritten.chronosString == "R/2026-01-01T00:04:00.000Z/PT1M")
    }

    @Test("R1 becomes R0, which is exhausted and stays R0")
    func exhaustion() throws {
        let once = try iso("R1/2026-01-01T00:00:00Z/PT1H").advancedPast(utc("2026-01-01T00:00:05Z"))
        #expect(once.chronosString == "R0/2026-01-01T01:00:00.000Z/PT1H")
        #expect(once.isExhausted)
        #expect(once.next(after: utc("2026-01-01T00:00:05Z")) == nil)
        #expect(once.advancedPast(utc("2026-01-01T05:00:00Z")) == once)
        #expect(try iso("R2/2026-01-01T00:00:00Z/PT1H").advancedPast(utc("2026-01-01T00:00:05Z"), runs: 3).isExhausted)
    }

    @Test("a start in the future stays, but a run still consumes a repetition (as Chronos)")
    func futureStart() throws {
        let rewritten = try iso("R5/2026-01-01T00:10:00Z/PT1M").advancedPast(utc("2026-01-01T00:00:00Z"))
        #expect(rewritten.chronosString == "R4/2026-01-01T00:10:00.000Z/PT1M")
    }

    @Test("fixed offsets are kept in the rewritten start")
    func fixedOffset() throws {
        // Slots 08:00Z, 20:00Z, …; at 09:00Z the next is 20:00Z = 22:00+02:00.
        let rewritten = try iso("R2/2026-01-01T10:00:00+02:00/PT12H").advancedPast(utc("2026-01-01T09:00:00Z"))
        #expect(rewritten.chronosString == "R1/2026-01-01T22:00:00.000+02:00/PT12H")
    }

    @Test("month periods re-anchor on the rewritten start, as Chronos does")
    func monthEndReanchors() throws {
        let rewritten = try iso("R/2026-01-31T10:00:00Z/P1M").advancedPast(utc("2026-02-10T00:00:00Z"))
        #expect(rewritten.chronosString == "R/2026-02-28T10:00:00.000Z/P1M")
        #expect(rewritten.next(after: utc("2026-02-28T10:00:00Z")) == utc("2026-03-28T10:00:00Z"))
    }

    @Test("a slot in a DST gap keeps its nominal wall time, so the schedule does not drift")
    func gapSlotKeepsWallTime() throws {
        let schedule = try iso("R/2026-03-07T02:30:00/P1D", "America/New_York")
        // At 01:00 EST on Mar 8 the next slot is Mar 8 02:30, which does not exist.
        let rewritten = schedule.advancedPast(utc("2026-03-08T06:00:00Z"))
        #expect(rewritten.chronosString == "R/2026-03-08T02:30:00.000-05:00/P1D")
        let reparsed = try iso(rewritten.chronosString, "America/New_York")
        #expect(reparsed == rewritten)
        // 03:00 EDT (gap end), then 02:30 EDT again.
        #expect(nextInstants(reparsed, after: "2026-03-08T06:00:00Z", count: 2) == ["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"])
    }

    @Test("an hourly slot in the second pass of a repeated hour survives the round trip")
    func secondPassSlot() throws {
        let schedule = try iso("R/2026-11-01T00:00:00/PT1H", "America/New_York")
        // At 01:30 EDT the next slot is 06:00Z, which reads 01:00 EST (the second 01:00).
        let rewritten = schedule.advancedPast(utc("2026-11-01T05:30:00Z"))
        #expect(rewritten.chronosString == "R/2026-11-01T01:00:00.000-05:00/PT1H")
        #expect(rewritten.start == utc("2026-11-01T06:00:00Z"))
        #expect(try iso(rewritten.chronosString, "America/New_York") == rewritten)
    }

    @Test("the rewritten start prints in the schedule's zone, with the offset then in force")
    func zoneOffsetInRewrittenStart() throws {
        let schedule = try iso("R10/2026-03-01T09:00:00/P1W", "America/New_York")
        let rewritten = schedule.advancedPast(utc("2026-03-10T00:00:00Z"))
        #expect(rewritten.chronosString == "R9/2026-03-15T09:00:00.000-04:00/P1W")
    }
}
