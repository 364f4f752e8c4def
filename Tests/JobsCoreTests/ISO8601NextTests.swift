import Foundation
import Testing
@testable import JobsCore

/// One table row: a schedule, an instant, and the next occurrences strictly after it (UTC; the
/// comment on each row gives the local wall-clock times).
struct NextRow: Sendable, CustomStringConvertible {
    let schedule: String
    let zone: String
    let after: String
    let expected: [String]
    var description: String { "\(schedule) [\(zone)] after \(after)" }
}

@Suite("ISO 8601 next occurrences")
struct ISO8601NextTests {
    static let calendarRows: [NextRow] = [
        // Month-end clamping, computed from the start (no drift): Feb 29 (leap), Mar 31, Apr 30, May 31.
        .init(schedule: "R/2024-01-31T10:00:00Z/P1M", zone: "", after: "2024-01-31T10:00:00Z",
              expected: ["2024-02-29T10:00:00Z", "2024-03-31T10:00:00Z", "2024-04-30T10:00:00Z", "2024-05-31T10:00:00Z"]),
        // Non-leap year: Feb 28.
        .init(schedule: "R/2023-01-31T10:00:00Z/P1M", zone: "", after: "2023-01-01T00:00:00Z",
              expected: ["2023-01-31T10:00:00Z", "2023-02-28T10:00:00Z", "2023-03-31T10:00:00Z"]),
        // Feb 29 yearly: Feb 28 in common years, Feb 29 again in 2028 (start + 4 years).
        .init(schedule: "R/2024-02-29T12:00:00Z/P1Y", zone: "", after: "2024-02-29T12:00:00Z",
              expected: ["2025-02-28T12:00:00Z", "2026-02-28T12:00:00Z", "2027-02-28T12:00:00Z", "2028-02-29T12:00:00Z"]),
        .init(schedule: "R/2024-02-29T12:00:00Z/P4Y", zone: "", after: "2024-03-01T00:00:00Z",
              expected: ["2028-02-29T12:00:00Z", "2032-02-29T12:00:00Z"]),
        // 2100 is not a leap year.
        .init(schedule: "R/2096-02-29T00:00:00Z/P4Y", zone: "", after: "2096-03-01T00:00:00Z",
              expected: ["2100-02-28T00:00:00Z", "2104-02-29T00:00:00Z"]),
        // Joda's order: years (clamp), then months: Feb 29 2024 + P1Y1M = Feb 28 2025 + 1M = Mar 28 2025;
        // + P2Y2M = Feb 28 2026 + 2M = Apr 28 2026.
        .init(schedule: "R/2024-02-29T00:00:00Z/P1Y1M", zone: "", after: "2024-02-29T00:00:00Z",
              expected: ["2025-03-28T00:00:00Z", "2026-04-28T00:00:00Z"]),
        // Every field: start + k·P1Y2M3DT4H5M6S.
        .init(schedule: "R/2026-01-01T00:00:00Z/P1Y2M3DT4H5M6S", zone: "", after: "2026-01-01T00:00:00Z",
              expected: ["2027-03-04T04:05:06Z", "2028-05-07T08:10:12Z"]),
        .init(schedule: "R/2026-01-01T00:00:00Z/P2W", zone: "", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-15T00:00:00Z", "2026-01-29T00:00:00Z"]),
        // Fractional seconds.
        .init(schedule: "R/2026-01-01T00:00:00.250Z/PT1.5S", zone: "", after: "2026-01-01T00:00:00.250Z",
              expected: ["2026-01-01T00:00:01.750Z", "2026-01-01T00:00:03.250Z"]),
        // Repetitions: R3 has exactly three occurrences.
        .init(schedule: "R3/2026-01-01T00:00:00Z/PT1H", zone: "", after: "2025-12-31T23:00:00Z",
              expected: ["2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z", "nil"]),
        .init(schedule: "R2/2026-01-01T00:00:00Z/PT1H", zone: "", after: "2026-01-01T05:00:00Z", expected: ["nil"]),
        // Strictly after: an instant equal to an occurrence gives the following one.
        .init(schedule: "R/2026-01-01T00:00:00Z/PT10M", zone: "", after: "2026-01-01T00:20:00Z",
              expected: ["2026-01-01T00:30:00Z"]),
        .init(schedule: "R/2026-01-01T00:00:00Z/PT10M", zone: "", after: "2026-01-01T00:19:59.999Z",
              expected: ["2026-01-01T00:20:00Z"]),
        // Far from the start: the index estimate must land exactly (100 years of P1M).
        .init(schedule: "R/2026-01-31T10:00:00Z/P1M", zone: "", after: "2126-05-15T00:00:00Z",
              expected: ["2126-05-31T10:00:00Z", "2126-06-30T10:00:00Z"]),
        // A fixed offset start has no DST: 02:30-05:00 every day.
        .init(schedule: "R/2026-03-07T02:30:00-05:00/P1D", zone: "", after: "2026-03-07T00:00:00Z",
              expected: ["2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T07:30:00Z"]),
    ]

    static let dstRows: [NextRow] = [
        // New York spring forward (Mar 8 2026, 02:00 EST → 03:00 EDT): 02:30 EST; gap → 03:00 EDT; 02:30 EDT.
        .init(schedule: "R/2026-03-07T02:30:00/P1D", zone: "America/New_York", after: "2026-03-07T00:00:00Z",
              expected: ["2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]),
        // New York fall back (Nov 1 2026, 02:00 EDT → 01:00 EST): 01:30 EDT; 01:30 first (EDT) only; 01:30 EST.
        .init(schedule: "R/2026-10-31T01:30:00/P1D", zone: "America/New_York", after: "2026-10-31T00:00:00Z",
              expected: ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]),
        // PT1H is elapsed time: 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST.
        .init(schedule: "R/2026-11-01T00:00:00/PT1H", zone: "America/New_York", after: "2026-11-01T00:00:00Z",
              expected: ["2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z"]),
        // Monthly at 09:00 New York across the spring change: EST, EST, EDT, EDT.
        .init(schedule: "R/2026-01-15T09:00:00/P1M", zone: "America/New_York", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-15T14:00:00Z", "2026-02-15T14:00:00Z", "2026-03-15T13:00:00Z", "2026-04-15T13:00:00Z"]),
        // Berlin spring (Mar 29, 02:00 CET → 03:00 CEST): 02:15 CET; gap → 03:00 CEST; 02:15 CEST.
        .init(schedule: "R/2026-03-28T02:15:00/P1D", zone: "Europe/Berlin", after: "2026-03-28T00:00:00Z",
              expected: ["2026-03-28T01:15:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:15:00Z"]),
        // Berlin fall (Oct 25, 03:00 CEST → 02:00 CET): 02:30 CEST; 02:30 first (CEST); 02:30 CET.
        .init(schedule: "R/2026-10-24T02:30:00/P1D", zone: "Europe/Berlin", after: "2026-10-24T00:00:00Z",
              expected: ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]),
        // Sydney spring (Oct 4, 02:00 AEST → 03:00 AEDT): 02:30 AEST; gap → 03:00 AEDT; 02:30 AEDT.
        .init(schedule: "R/2026-10-03T02:30:00/P1D", zone: "Australia/Sydney", after: "2026-10-02T00:00:00Z",
              expected: ["2026-10-02T16:30:00Z", "2026-10-03T16:00:00Z", "2026-10-04T15:30:00Z"]),
        // Sydney fall (Apr 5, 03:00 AEDT → 02:00 AEST): 02:30 AEDT; 02:30 first (AEDT); 02:30 AEST.
        .init(schedule: "R/2026-04-04T02:30:00/P1D", zone: "Australia/Sydney", after: "2026-04-03T00:00:00Z",
              expected: ["2026-04-03T15:30:00Z", "2026-04-04T15:30:00Z", "2026-04-05T16:30:00Z"]),
        // Lord Howe spring (Oct 4, 02:00 +10:30 → 02:30 +11): 02:15 +10:30; gap → 02:30 +11; 02:15 +11.
        .init(schedule: "R/2026-10-03T02:15:00/P1D", zone: "Australia/Lord_Howe", after: "2026-10-02T00:00:00Z",
              expected: ["2026-10-02T15:45:00Z", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"]),
        // Lord Howe fall (Apr 5, 02:00 +11 → 01:30 +10:30): 01:45 +11; 01:45 first (+11); 01:45 +10:30.
        .init(schedule: "R/2026-04-04T01:45:00/P1D", zone: "Australia/Lord_Howe", after: "2026-04-03T00:00:00Z",
              expected: ["2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]),
        // Kolkata (+05:30, no DST): 02:30 local every day.
        .init(schedule: "R/2026-03-07T02:30:00/P1D", zone: "Asia/Kolkata", after: "2026-03-06T00:00:00Z",
              expected: ["2026-03-06T21:00:00Z", "2026-03-07T21:00:00Z", "2026-03-08T21:00:00Z"]),
        // UTC named zone.
        .init(schedule: "R/2026-03-07T02:30:00/P1D", zone: "UTC", after: "2026-03-07T00:00:00Z",
              expected: ["2026-03-07T02:30:00Z", "2026-03-08T02:30:00Z"]),
    ]

    @Test("calendar arithmetic: month-end, leap years, repetitions", arguments: calendarRows)
    func calendar(_ row: NextRow) throws {
        let actual = nextInstants(try iso(row.schedule, row.zone), after: row.after, count: row.expected.count)
        #expect(actual == row.expected)
    }

    @Test("DST gaps and overlaps in several zones", arguments: dstRows)
    func dst(_ row: NextRow) throws {
        let actual = nextInstants(try iso(row.schedule, row.zone), after: row.after, count: row.expected.count)
        #expect(actual == row.expected)
    }

    @Test("occurrence(k) is start + k·period, and next(after:) agrees with it")
    func occurrenceIndexAgreesWithNext() throws {
        let schedule = try iso("R/2024-01-31T23:30:00/P1M", "Europe/Berlin")
        var cursor = utc("2024-01-01T00:00:00Z")
        for index in 0..<40 {
            let next = try #require(schedule.next(after: cursor))
            #expect(next == schedule.occurrence(index))
            cursor = next
        }
    }
}
