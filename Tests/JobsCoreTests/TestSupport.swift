import Foundation
import Testing
@testable import JobsCore

/// Parses a UTC instant written as `2026-03-08T07:00:00Z` or `2026-03-08T07:00:00.123Z`.
/// Uses Foundation's own ISO 8601 parser, independent of the code under test.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".")
        ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
    return date
}

/// Formats an instant as `2026-03-08T07:00:00Z` (with `.SSS` when not a whole second).
func utcText(_ date: Date?) -> String {
    guard let date else { return "nil" }
    let formatter = ISO8601DateFormatter()
    let wholeSecond = date.timeIntervalSince1970.rounded() == date.timeIntervalSince1970
    formatter.formatOptions = wholeSecond ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}

/// The next `count` instants strictly after `start`, as UTC text.
func nextInstants(_ schedule: some Schedule, after start: String, count: Int) -> [String] {
    var result: [String] = []
    var cursor = utc(start)
    for _ in 0..<count {
        guard let next = schedule.next(after: cursor) else {
            result.append("nil")
            break
        }
        result.append(utcText(next))
        cursor = next
    }
    return result
}

/// A fixed "now" for parsing; schedules under test never depend on it unless the start is empty.
let parseNow = utc("2026-01-01T00:00:00Z")

func cron(_ expression: String, _ zone: String = "UTC") throws -> CronSchedule {
    try CronSchedule.parse(expression, timeZone: zone)
}

func iso(_ text: String, _ zone: String = "", now: Date = parseNow) throws -> ISO8601Schedule {
    try ISO8601Schedule.parse(text, scheduleTimeZone: zone, now: now)
}
