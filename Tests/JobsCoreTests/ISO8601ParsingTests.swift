import Foundation
import Testing
@testable import JobsCore

@Suite("ISO 8601 schedule parsing and Chronos serialisation")
struct ISO8601ParsingTests {
    struct Canonical: Sendable, CustomStringConvertible {
        let input: String
        let zone: String
        let expected: String
        let start: String  // UTC instant of the first occurrence
        var description: String { "\(input) [\(zone)]" }
    }

    static let canonical: [Canonical] = [
        .init(input: "R5/2026-11-26T03:00:00Z/PT2M", zone: "", expected: "R5/2026-11-26T03:00:00.000Z/PT2M", start: "2026-11-26T03:00:00Z"),
        .init(input: "R/2014-09-25T17:22:00Z/PT2M", zone: "", expected: "R/2014-09-25T17:22:00.000Z/PT2M", start: "2014-09-25T17:22:00Z"),
        .init(input: "R0/2026-01-01T00:00:00Z/P1D", zone: "", expected: "R0/2026-01-01T00:00:00.000Z/P1D", start: "2026-01-01T00:00:00Z"),
        // No offset and no zone: UTC.
        .init(input: "R3/2026-01-01T10:00:00/P1D", zone: "", expected: "R3/2026-01-01T10:00:00.000Z/P1D", start: "2026-01-01T10:00:00Z"),
        // An explicit offset is kept as a fixed zone.
        .init(input: "R/2026-01-31T10:00:00+02:00/P1M", zone: "", expected: "R/2026-01-31T10:00:00.000+02:00/P1M", start: "2026-01-31T08:00:00Z"),
        .init(input: "R/2026-01-31T10:00:00-0330/P1M", zone: "", expected: "R/2026-01-31T10:00:00.000-03:30/P1M", start: "2026-01-31T13:30:00Z"),
        // scheduleTimeZone keeps the wall-clock fields (withZoneRetainFields): 09:30 New York (EST).
        .init(input: "R/2026-01-15T09:30:00Z/P1D", zone: "America/New_York", expected: "R/2026-01-15T09:30:00.000-05:00/P1D", start: "2026-01-15T14:30:00Z"),
        .init(input: "R/2026-07-15T09:30:00+09:00/P1D", zone: "America/New_York", expected: "R/2026-07-15T09:30:00.000-04:00/P1D", start: "2026-07-15T13:30:00Z"),
        // Fractional seconds (truncated to ms), half-hour zone, minutes not normalised (as Joda).
        .init(input: "R/2026-06-01T08:00:00.5/PT90M", zone: "Asia/Kolkata", expected: "R/2026-06-01T08:00:00.500+05:30/PT90M", start: "2026-06-01T02:30:00.500Z"),
        .init(input: "R/2026-01-01T00:00:00.123456Z/PT1.5S", zone: "", expected: "R/2026-01-01T00:00:00.123Z/PT1.500S", start: "2026-01-01T00:00:00.123Z"),
        .init(input: "R/2026-01-01T00:00:00,25Z/PT0.25S", zone: "", expected: "R/2026-01-01T00:00:00.250Z/PT0.250S", start: "2026-01-01T00:00:00.250Z"),
        // Reduced precision starts.
        .init(input: "R/2026-03-01T12/PT1H", zone: "", expected: "R/2026-03-01T12:00:00.000Z/PT1H", start: "2026-03-01T12:00:00Z"),
        .init(input: "R/2026-03-01T12:30/PT1H", zone: "", expected: "R/2026-03-01T12:30:00.000Z/PT1H", start: "2026-03-01T12:30:00Z"),
        .init(input: "R/2026-03-01/P1D", zone: "", expected: "R/2026-03-01T00:00:00.000Z/P1D", start: "2026-03-01T00:00:00Z"),
        // Every period field; weeks; lower-case designators after P.
        .init(input: "R/2026-01-01T00:00:00Z/P1Y2M3DT4H5M6S", zone: "", expected: "R/2026-01-01T00:00:00.000Z/P1Y2M3DT4H5M6S", start: "2026-01-01T00:00:00Z"),
        .init(input: "R/2026-01-01T00:00:00Z/P2W", zone: "", expected: "R/2026-01-01T00:00:00.000Z/P2W", start: "2026-01-01T00:00:00Z"),
        .init(input: "R/2026-01-01T00:00:00Z/P1W2D", zone: "", expected: "R/2026-01-01T00:00:00.000Z/P1W2D", start: "2026-01-01T00:00:00Z"),
        .init(input: "R/2026-01-01T00:00:00Z/P1dt2h", zone: "", expected: "R/2026-01-01T00:00:00.000Z/P1DT2H", start: "2026-01-01T00:00:00Z"),
        // Chronos's earliest accepted start.
        .init(input: "R/1970-01-01T00:00:01Z/PT1M", zone: "", expected: "R/1970-01-01T00:00:01.000Z/PT1M", start: "1970-01-01T00:00:01Z"),
        // A start inside New York's spring-forward gap keeps its fields; the pre-gap offset is written.
        .init(input: "R/2026-03-08T02:30:00/P1D", zone: "America/New_York", expected: "R/2026-03-08T02:30:00.000-05:00/P1D", start: "2026-03-08T07:00:00Z"),
        // A repeated (fall-back) start is its first occurrence (EDT)…
        .init(input: "R/2026-11-01T01:30:00/P1D", zone: "America/New_York", expected: "R/2026-11-01T01:30:00.000-04:00/P1D", start: "2026-11-01T05:30:00Z"),
        .init(input: "R/2026-11-01T01:30:00+09:00/P1D", zone: "America/New_York", expected: "R/2026-11-01T01:30:00.000-04:00/P1D", start: "2026-11-01T05:30:00Z"),
        // …unless its offset names the second pass (Joda keeps an instant whose offset the zone has).
        .init(input: "R/2026-11-01T01:30:00-05:00/P1D", zone: "America/New_York", expected: "R/2026-11-01T01:30:00.000-05:00/P1D", start: "2026-11-01T06:30:00Z"),
    ]

    @Test("canonical Chronos string and start instant", arguments: canonical)
    func canonicalForm(_ row: Canonical) throws {
        let schedule = try iso(row.input, row.zone)
        #expect(schedule.chronosString == row.expected)
        #expect(utcText(schedule.start) == utcText(utc(row.start)))
        // Re-parsing the canonical text gives the same schedule (what Chronos clients read back).
        #expect(try iso(schedule.chronosString, row.zone) == schedule)
    }

    @Test("repetitions: R is infinite, Rn counts, R0 is exhausted")
    func repetitions() throws {
        #expect(try iso("R/2026-01-01T00:00:00Z/PT1M").repetitions == nil)
        #expect(try iso("R12/2026-01-01T00:00:00Z/PT1M").repetitions == 12)
        let exhausted = try iso("R0/2026-01-01T00:00:00Z/PT1M")
        #expect(exhausted.isExhausted)
        #expect(exhausted.next(after: utc("2020-01-01T00:00:00Z")) == nil)
    }

    @Test("an empty start means now minus one second, in the schedule's zone")
    func emptyStart() throws {
        let now = utc("2026-01-01T00:00:00.250Z")
        let schedule = try iso("R//PT1M", now: now)
        #expect(schedule.chronosString == "R/2025-12-31T23:59:59.250Z/PT1M")
        #expect(schedule.next(after: now) == utc("2026-01-01T00:00:59.250Z"))
        let berlin = try iso("R2//P1D", "Europe/Berlin", now: now)
        #expect(berlin.chronosString == "R2/2026-01-01T00:59:59.250+01:00/P1D")  // 23:59:59.250Z in CET
        #expect(berlin.start == utc("2025-12-31T23:59:59.250Z"))
    }

    struct Invalid: Sendable, CustomStringConvertible {
        let input: String
        let zone: String
        let field: String
        let message: String
        var description: String { input }
    }

    static let invalid: [Invalid] = [
        .init(input: "", zone: "", field: "schedule", message: "Cannot parse schedule '': expected R[n]/<start>/<period>"),
        .init(input: "R5/2026-01-01T00:00:00Z", zone: "", field: "schedule", message: "Cannot parse schedule 'R5/2026-01-01T00:00:00Z': expected R[n]/<start>/<period>"),
        .init(input: "X/2026-01-01T00:00:00Z/PT1M", zone: "", field: "schedule", message: "Cannot parse schedule 'X/2026-01-01T00:00:00Z/PT1M': expected R[n]/<start>/<period>"),
        .init(input: "Rx/2026-01-01T00:00:00Z/PT1M", zone: "", field: "schedule", message: "Cannot parse schedule 'Rx/2026-01-01T00:00:00Z/PT1M': repetitions 'Rx' must be R or R followed by a number"),
        .init(input: "R-1/2026-01-01T00:00:00Z/PT1M", zone: "", field: "schedule", message: "Cannot parse schedule 'R-1/2026-01-01T00:00:00Z/PT1M': repetitions 'R-1' must be R or R followed by a number"),
        .init(input: "R/2026-13-01T00:00:00Z/PT1M", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-13-01T00:00:00Z/PT1M': start '2026-13-01T00:00:00Z' is not an ISO 8601 date-time (no such date)"),
        .init(input: "R/2026-02-29T00:00:00Z/P1D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-02-29T00:00:00Z/P1D': start '2026-02-29T00:00:00Z' is not an ISO 8601 date-time (no such date)"),
        .init(input: "R/2024-02-29T25:00:00Z/P1D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2024-02-29T25:00:00Z/P1D': start '2024-02-29T25:00:00Z' is not an ISO 8601 date-time (time out of range)"),
        .init(input: "R/2026-01-01 10:00/P1D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01 10:00/P1D': start '2026-01-01 10:00' is not an ISO 8601 date-time (expected 'T')"),
        .init(input: "R/tomorrow/P1D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/tomorrow/P1D': start 'tomorrow' is not an ISO 8601 date-time (expected 4 digits)"),
        .init(input: "R/2026-01-01T00:00:00+25:00/P1D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00+25:00/P1D': start '2026-01-01T00:00:00+25:00' is not an ISO 8601 date-time (offset out of range)"),
        .init(input: "R/2026-01-01T00:00:00Z/P", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/P': period 'P' is not an ISO 8601 duration (expected P followed by fields)"),
        .init(input: "R/2026-01-01T00:00:00Z/PT0S", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/PT0S': period 'PT0S' must be longer than zero"),
        .init(input: "R/2026-01-01T00:00:00Z/P0D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/P0D': period 'P0D' must be longer than zero"),
        .init(input: "R/2026-01-01T00:00:00Z/P-1D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/P-1D': period 'P-1D' must not be negative or signed"),
        .init(input: "R/2026-01-01T00:00:00Z/P1.5D", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/P1.5D': period 'P1.5D' is not an ISO 8601 duration (only seconds may have a fraction)"),
        .init(input: "R/2026-01-01T00:00:00Z/PT1M1H", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/PT1M1H': period 'PT1M1H' is not an ISO 8601 duration (fields out of order or repeated)"),
        .init(input: "R/2026-01-01T00:00:00Z/P1H", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/P1H': period 'P1H' has an unexpected designator 'H'"),
        .init(input: "R/2026-01-01T00:00:00Z/P1DT", zone: "", field: "schedule", message: "Cannot parse schedule 'R/2026-01-01T00:00:00Z/P1DT': period 'P1DT' is not an ISO 8601 duration ('T' must be followed by hours, minutes or seconds)"),
        .init(input: "R/1969-12-31T23:59:59Z/PT1M", zone: "", field: "schedule", message: "Scheduled start date '1969-12-31T23:59:59Z' in schedule 'R/1969-12-31T23:59:59Z/PT1M' is before 1970"),
        .init(input: "R/1970-01-01T00:00:00Z/PT1M", zone: "", field: "schedule", message: "Scheduled start date '1970-01-01T00:00:00Z' in schedule 'R/1970-01-01T00:00:00Z/PT1M' is before 1970"),
        // 00:30 in Kolkata (+05:30) is 1969-12-31T19:00Z.
        .init(input: "R/1970-01-01T00:30:00/PT1M", zone: "Asia/Kolkata", field: "schedule", message: "Scheduled start date '1970-01-01T00:30:00' in schedule 'R/1970-01-01T00:30:00/PT1M' is before 1970"),
        .init(input: "R/2026-01-01T00:00:00Z/PT1M", zone: "Mars/Olympus_Mons", field: "scheduleTimeZone", message: "Unknown time zone 'Mars/Olympus_Mons' in scheduleTimeZone"),
    ]

    @Test("invalid input names the field and the problem", arguments: invalid)
    func invalidInput(_ row: Invalid) {
        #expect {
            _ = try ISO8601Schedule.parse(row.input, scheduleTimeZone: row.zone, now: parseNow)
        } throws: { error in
            guard let error = error as? ScheduleError else { return false }
            return error.field == row.field && error.message == row.message
        }
    }
}
