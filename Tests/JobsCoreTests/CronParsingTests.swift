import Foundation
import Testing
@testable import JobsCore

@Suite("Cron parsing errors")
struct CronParsingTests {
    static let invalid: [(expression: String, reason: String)] = [
        ("", "expected 5 fields (minute hour day-of-month month day-of-week), 6 with a trailing year, or 7 with a leading second and a trailing year; found 0"),
        ("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), 6 with a trailing year, or 7 with a leading second and a trailing year; found 4"),
        ("0 0 0 * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), 6 with a trailing year, or 7 with a leading second and a trailing year; found 8"),
        ("60 * * * *", "minute value '60' is out of range 0-59"),
        ("* 24 * * *", "hour value '24' is out of range 0-23"),
        ("* * 0 * *", "day-of-month value '0' is out of range 1-31"),
        ("* * 32 * *", "day-of-month value '32' is out of range 1-31"),
        ("* * * 13 *", "month value '13' is out of range 1-12"),
        ("* * * * 8", "day-of-week value '8' is out of range 0-7"),
        ("* * * foo *", "month value 'FOO' is not a number or name"),
        ("*/0 * * * *", "minute step in '*/0' must be a number of at least 1"),
        ("10-5 * * * *", "minute range '10-5' is reversed"),
        ("H * * * *", "minute H (hashed values) is not supported"),
        ("1,,2 * * * *", "minute has an empty list element"),
        ("? * * * *", "minute value '?' is not a number or name"),
        ("0 0 30 2 *", "day-of-month must exist in the given months (e.g. February has at most 29 days)"),
        ("0 0 31 4,6,9,11 *", "day-of-month must exist in the given months (e.g. February has at most 29 days)"),
        ("0 0 * * L", "day-of-week 'L' needs a weekday (e.g. 5L for the last Friday)"),
        ("0 0 * * MON#6", "day-of-week 'MON#6' needs an occurrence 1-5 after '#'"),
        ("0 0 32W * *", "day-of-month value '32' is out of range 1-31"),
        ("0 0 * * * 1969", "year value '1969' is out of range 1970-2099"),
        ("60 0 0 * * * *", "second value '60' is out of range 0-59"),
        ("@reboot", "unknown macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)"),
    ]

    @Test("each invalid expression gets a message naming the field", arguments: invalid)
    func invalidExpression(_ expression: String, _ reason: String) {
        #expect {
            _ = try CronSchedule.parse(expression, timeZone: "UTC")
        } throws: { error in
            guard let error = error as? ScheduleError else { return false }
            return error.field == "cron" && error.message == "Invalid cron expression '\(expression)': \(reason)"
        }
    }

    @Test("an unknown time zone is rejected, naming the timezone field")
    func unknownZone() {
        #expect {
            _ = try CronSchedule.parse("0 0 * * *", timeZone: "Nowhere/City")
        } throws: { error in
            (error as? ScheduleError) == ScheduleError(field: "timezone", message: "Unknown time zone 'Nowhere/City' in timezone")
        }
    }

    @Test("the expression and zone are kept as given")
    func keepsText() throws {
        let schedule = try CronSchedule.parse(" 0 9 * * mon ", timeZone: "Europe/Berlin")
        #expect(schedule.expression == " 0 9 * * mon ")
        #expect(schedule.timeZone == "Europe/Berlin")
    }

    @Test("six fields are minute…day-of-week plus year, never seconds")
    func sixFieldsMeanYear() throws {
        // Read seconds-first, 2026 would be a day-of-week (invalid); read year-last it is 09:30
        // every day of 2026.
        let schedule = try cron("30 9 * * * 2026")
        #expect(nextInstants(schedule, after: "2026-12-31T10:00:00Z", count: 1) == ["nil"])
        #expect(nextInstants(schedule, after: "2026-06-01T00:00:00Z", count: 1) == ["2026-06-01T09:30:00Z"])
    }
}
