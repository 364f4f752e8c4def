import Foundation
import Testing
@testable import JobsCore

@Suite("Cron next occurrences (UTC)")
struct CronNextTests {
    static let rows: [NextRow] = [
        .init(schedule: "*/15 * * * *", zone: "UTC", after: "2026-01-01T00:07:00Z",
              expected: ["2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z", "2026-01-01T01:00:00Z"]),
        // Weekdays: Fri Jan 2 2026 10:00 → Mon Jan 5, Tue Jan 6.
        .init(schedule: "0 9 * * MON-FRI", zone: "UTC", after: "2026-01-02T10:00:00Z",
              expected: ["2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z"]),
        .init(schedule: "1-10/3 0 * * *", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-01T00:01:00Z", "2026-01-01T00:04:00Z", "2026-01-01T00:07:00Z", "2026-01-01T00:10:00Z", "2026-01-02T00:01:00Z"]),
        // `a/s` runs from a to the end of the range.
        .init(schedule: "5/20 * * * *", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-01T00:05:00Z", "2026-01-01T00:25:00Z", "2026-01-01T00:45:00Z", "2026-01-01T01:05:00Z"]),
        .init(schedule: "0 0 1 JAN,jul *", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"]),
        .init(schedule: "30 4 1,15 * *", zone: "UTC", after: "2026-02-01T04:30:00Z",
              expected: ["2026-02-15T04:30:00Z", "2026-03-01T04:30:00Z"]),
        // Sunday as 0, 7 and SUN (Jan 4 2026 is a Sunday).
        .init(schedule: "0 12 * * 0", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2026-01-04T12:00:00Z", "2026-01-11T12:00:00Z"]),
        .init(schedule: "0 12 * * 7", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2026-01-04T12:00:00Z", "2026-01-11T12:00:00Z"]),
        .init(schedule: "0 12 * * sun", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2026-01-04T12:00:00Z", "2026-01-11T12:00:00Z"]),
        // 5-7 is Friday, Saturday, Sunday.
        .init(schedule: "0 12 * * 5-7", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-02T12:00:00Z", "2026-01-03T12:00:00Z", "2026-01-04T12:00:00Z", "2026-01-09T12:00:00Z"]),
        // A range ending on Sunday written as SUN or 0.
        .init(schedule: "0 12 * * FRI-SUN", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-02T12:00:00Z", "2026-01-03T12:00:00Z", "2026-01-04T12:00:00Z", "2026-01-09T12:00:00Z"]),
        .init(schedule: "0 12 * * 6-0", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-03T12:00:00Z", "2026-01-04T12:00:00Z", "2026-01-10T12:00:00Z"]),
        // AND of day-of-month and day-of-week: Friday the 13th only (Feb, Mar, Nov 2026), not every
        // Friday nor every 13th as Vixie's OR would give (Jan 2 is a Friday, Jan 13 a Tuesday).
        .init(schedule: "0 0 13 * FRI", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z", "2026-11-13T00:00:00Z"]),
        .init(schedule: "0 0 13 * ?", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z"]),
        .init(schedule: "0 0 ? * MON", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z"]),
        // L: last day (leap February).
        .init(schedule: "0 0 L * *", zone: "UTC", after: "2024-01-15T00:00:00Z",
              expected: ["2024-01-31T00:00:00Z", "2024-02-29T00:00:00Z", "2024-03-31T00:00:00Z", "2024-04-30T00:00:00Z"]),
        .init(schedule: "0 0 L-2 * *", zone: "UTC", after: "2024-01-15T00:00:00Z",
              expected: ["2024-01-29T00:00:00Z", "2024-02-27T00:00:00Z", "2024-03-29T00:00:00Z"]),
        // 15W: Feb 15 and Mar 15 2026 are Sundays → Mon 16th; Apr 15 (Wed), May 15 (Fri) stay.
        .init(schedule: "0 0 15W * *", zone: "UTC", after: "2026-02-01T00:00:00Z",
              expected: ["2026-02-16T00:00:00Z", "2026-03-16T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z"]),
        // 1W when the 1st is a Saturday (Aug 2026) → Monday the 3rd, not July 31.
        .init(schedule: "0 0 1W 8 *", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2026-08-03T00:00:00Z"]),
        // 31W: Jan 31 2026 Sat → Fri 30; Mar 31 Tue; May 31 Sun → Fri 29 (not June 1); months without a 31st skipped.
        .init(schedule: "0 0 31W * *", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-30T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-29T00:00:00Z"]),
        // LW: last weekday: Jan 30 (31st Sat), Feb 27 (28th Sat), Mar 31 (Tue), Apr 30 (Thu), May 29 (31st Sun).
        .init(schedule: "0 0 LW * *", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-29T00:00:00Z"]),
        // 5L: last Friday.
        .init(schedule: "0 18 * * 5L", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-30T18:00:00Z", "2026-02-27T18:00:00Z", "2026-03-27T18:00:00Z"]),
        // MON#2: second Monday.
        .init(schedule: "0 9 * * MON#2", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-12T09:00:00Z", "2026-02-09T09:00:00Z", "2026-03-09T09:00:00Z"]),
        // 1#5: fifth Monday, only in months that have one.
        .init(schedule: "0 9 * * 1#5", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-03-30T09:00:00Z", "2026-06-29T09:00:00Z", "2026-08-31T09:00:00Z"]),
        // Sunday as 7 with #.
        .init(schedule: "0 9 * * 7#1", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2026-01-04T09:00:00Z", "2026-02-01T09:00:00Z"]),
        // Leap day: every four years; Feb 29 that is also a Monday: 2044, then 2072.
        .init(schedule: "0 0 29 2 *", zone: "UTC", after: "2025-01-01T00:00:00Z", expected: ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),
        .init(schedule: "0 0 29 2 MON", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["2044-02-29T00:00:00Z", "2072-02-29T00:00:00Z"]),
        // Never matches: W never lands on a Sunday; year fields in the past; years run out.
        .init(schedule: "0 0 1W * SUN", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["nil"]),
        .init(schedule: "0 0 * * * 2020", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: ["nil"]),
        .init(schedule: "0 0 1 1 * 2027,2029", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z", "nil"]),
        .init(schedule: "0 12 1 1 * 2030-2099/10", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2030-01-01T12:00:00Z", "2040-01-01T12:00:00Z"]),
        // Seven fields: a leading seconds field (year last, * for any).
        .init(schedule: "30 */10 * * * * *", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-01T00:00:30Z", "2026-01-01T00:10:30Z"]),
        .init(schedule: "*/20 * * * * ? *", zone: "UTC", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z"]),
        // Sub-second instants: strictly after, to the second.
        .init(schedule: "* * * * *", zone: "UTC", after: "2026-01-01T00:00:59.999Z", expected: ["2026-01-01T00:01:00Z"]),
        .init(schedule: "* * * * *", zone: "UTC", after: "2026-01-01T00:01:00.001Z", expected: ["2026-01-01T00:02:00Z"]),
        // Year end carry.
        .init(schedule: "59 23 31 12 *", zone: "UTC", after: "2026-12-31T23:59:00Z", expected: ["2027-12-31T23:59:00Z"]),
    ]

    @Test("table", arguments: rows)
    func table(_ row: NextRow) throws {
        let actual = nextInstants(try cron(row.schedule, row.zone), after: row.after, count: row.expected.count)
        #expect(actual == row.expected)
    }

    static let macros: [(String, String)] = [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"), ("@Daily", "0 0 * * *"),
    ]

    @Test("macros equal their expansions", arguments: macros)
    func macro(_ macro: String, _ expansion: String) throws {
        let start = "2026-01-01T00:30:00Z"
        let fromMacro = nextInstants(try cron(macro, "Europe/Berlin"), after: start, count: 3)
        #expect(fromMacro == nextInstants(try cron(expansion, "Europe/Berlin"), after: start, count: 3))
        #expect(!fromMacro.contains("nil"))
    }

    @Test("macro instants")
    func macroInstants() throws {
        #expect(nextInstants(try cron("@yearly"), after: "2026-01-01T00:00:00Z", count: 1) == ["2027-01-01T00:00:00Z"])
        #expect(nextInstants(try cron("@weekly"), after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-04T00:00:00Z"])
        #expect(nextInstants(try cron("@hourly"), after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-01T01:00:00Z"])
    }
}
