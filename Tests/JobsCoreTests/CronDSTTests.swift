import Foundation
import Testing
@testable import JobsCore

/// Cron across DST changes. Transitions used (2026, from tzdata):
/// New York Mar 8 02:00 EST→03:00 EDT (07:00Z), Nov 1 02:00 EDT→01:00 EST (06:00Z);
/// Berlin Mar 29 02:00 CET→03:00 CEST (01:00Z), Oct 25 03:00 CEST→02:00 CET (01:00Z);
/// Sydney Apr 5 03:00 AEDT→02:00 AEST (Apr 4 16:00Z), Oct 4 02:00 AEST→03:00 AEDT (Oct 3 16:00Z);
/// Lord Howe Apr 5 02:00 +11→01:30 +10:30 (Apr 4 15:00Z), Oct 4 02:00 +10:30→02:30 +11 (Oct 3 15:30Z).
@Suite("Cron across DST changes")
struct CronDSTTests {
    static let rows: [NextRow] = [
        // NY spring: 02:30 EST; 02:30 missing → 03:00 EDT; 02:30 EDT.
        .init(schedule: "30 2 * * *", zone: "America/New_York", after: "2026-03-07T00:00:00Z",
              expected: ["2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]),
        // Hourly: 01:00 EST; 02:00 (missing) and 03:00 collapse into one run at 03:00 EDT; 04:00 EDT.
        .init(schedule: "0 * * * *", zone: "America/New_York", after: "2026-03-08T05:30:00Z",
              expected: ["2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z"]),
        // Every 30 min: 01:30 EST; 02:00, 02:30, 03:00 → once at 03:00 EDT; 03:30 EDT.
        .init(schedule: "*/30 * * * *", zone: "America/New_York", after: "2026-03-08T06:00:00Z",
              expected: ["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"]),
        // NY fall: 01:30 EDT; 01:30 first occurrence (EDT) only; 01:30 EST next day.
        .init(schedule: "30 1 * * *", zone: "America/New_York", after: "2026-10-31T00:00:00Z",
              expected: ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]),
        // Every 30 min through the repeated hour: 01:00 EDT, 01:30 EDT, then nothing until 02:00 EST.
        .init(schedule: "*/30 * * * *", zone: "America/New_York", after: "2026-11-01T04:45:00Z",
              expected: ["2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z"]),
        // Asked from inside the second pass (01:15 EST): the repeated wall times do not fire again.
        .init(schedule: "*/30 * * * *", zone: "America/New_York", after: "2026-11-01T06:15:00Z", expected: ["2026-11-01T07:00:00Z"]),
        .init(schedule: "0 1 * * *", zone: "America/New_York", after: "2026-11-01T06:15:00Z", expected: ["2026-11-02T06:00:00Z"]),
        // Seven-field every-20-seconds across the gap: 01:59:40 EST, then 02:00:00… collapse to 03:00:00 EDT.
        .init(schedule: "*/20 * * * * * *", zone: "America/New_York", after: "2026-03-08T06:59:30Z",
              expected: ["2026-03-08T06:59:40Z", "2026-03-08T07:00:00Z", "2026-03-08T07:00:20Z"]),
        // Berlin spring: 02:30 CET; missing → 03:00 CEST; 02:30 CEST.
        .init(schedule: "30 2 * * *", zone: "Europe/Berlin", after: "2026-03-28T00:00:00Z",
              expected: ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]),
        // Berlin fall: 02:30 CEST; 02:30 first (CEST); 02:30 CET.
        .init(schedule: "30 2 * * *", zone: "Europe/Berlin", after: "2026-10-24T00:00:00Z",
              expected: ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]),
        // Berlin, last Sunday of March at 02:30 (the change day itself, every year) → 03:00 CEST.
        .init(schedule: "30 2 * 3 0L", zone: "Europe/Berlin", after: "2026-01-01T00:00:00Z",
              expected: ["2026-03-29T01:00:00Z", "2027-03-28T01:00:00Z"]),
        // Sydney spring (October): 02:30 AEST; missing → 03:00 AEDT; 02:30 AEDT.
        .init(schedule: "30 2 * * *", zone: "Australia/Sydney", after: "2026-10-02T00:00:00Z",
              expected: ["2026-10-02T16:30:00Z", "2026-10-03T16:00:00Z", "2026-10-04T15:30:00Z"]),
        // Sydney fall (April): 02:30 AEDT; 02:30 first (AEDT); 02:30 AEST.
        .init(schedule: "30 2 * * *", zone: "Australia/Sydney", after: "2026-04-03T00:00:00Z",
              expected: ["2026-04-03T15:30:00Z", "2026-04-04T15:30:00Z", "2026-04-05T16:30:00Z"]),
        // Lord Howe spring (30-minute gap 02:00–02:30): 02:15 +10:30; missing → 02:30 +11; 02:15 +11.
        .init(schedule: "15 2 * * *", zone: "Australia/Lord_Howe", after: "2026-10-02T00:00:00Z",
              expected: ["2026-10-02T15:45:00Z", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"]),
        // Lord Howe fall (01:30–02:00 repeated): 01:45 +11; 01:45 first (+11); 01:45 +10:30.
        .init(schedule: "45 1 * * *", zone: "Australia/Lord_Howe", after: "2026-04-03T00:00:00Z",
              expected: ["2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]),
        // Every 15 min through Lord Howe's repeated half hour: 01:45 +11, then 02:00 +10:30.
        .init(schedule: "*/15 * * * *", zone: "Australia/Lord_Howe", after: "2026-04-04T14:40:00Z",
              expected: ["2026-04-04T14:45:00Z", "2026-04-04T15:30:00Z", "2026-04-04T15:45:00Z"]),
        // Kolkata (+05:30, no DST): 02:30 local is 21:00Z the day before; every 6 hours on the half hour UTC.
        .init(schedule: "30 2 * * *", zone: "Asia/Kolkata", after: "2026-03-07T00:00:00Z",
              expected: ["2026-03-07T21:00:00Z", "2026-03-08T21:00:00Z"]),
        .init(schedule: "0 */6 * * *", zone: "Asia/Kolkata", after: "2026-03-07T00:00:00Z",
              expected: ["2026-03-07T00:30:00Z", "2026-03-07T06:30:00Z", "2026-03-07T12:30:00Z", "2026-03-07T18:30:00Z"]),
        // UTC: nothing special on New York's change day.
        .init(schedule: "30 2 8 3 *", zone: "UTC", after: "2026-03-01T00:00:00Z", expected: ["2026-03-08T02:30:00Z", "2027-03-08T02:30:00Z"]),
    ]

    @Test("table", arguments: rows)
    func table(_ row: NextRow) throws {
        let actual = nextInstants(try cron(row.schedule, row.zone), after: row.after, count: row.expected.count)
        #expect(actual == row.expected)
    }

    @Test("an every-minute schedule fires once per distinct wall-clock minute on change days")
    func minuteCountsOnChangeDays() throws {
        let schedule = try cron("* * * * *", "America/New_York")
        // Mar 8: 23 hours of wall clock (60 gap minutes collapse into the 03:00 run).
        let spring = schedule.occurrences(after: utc("2026-03-08T04:59:59Z"), through: utc("2026-03-09T03:59:59Z"), limit: 5000)
        #expect(spring.count == 23 * 60)
        // Nov 1: 25 hours elapse but each of the 24 × 60 wall minutes fires once.
        let fall = schedule.occurrences(after: utc("2026-11-01T03:59:59Z"), through: utc("2026-11-02T04:59:59Z"), limit: 5000)
        #expect(fall.count == 24 * 60)
        #expect(Set(fall).count == fall.count)
    }
}
