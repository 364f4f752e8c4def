import Foundation

/// Metronome's cron (cron-utils with Metronome's definition), evaluated in an IANA zone.
///
/// Fields: `minute hour day-of-month month day-of-week [year]`, or, as an Agora extension,
/// `second minute hour day-of-month month day-of-week year` (seven fields; write `*` for any year).
/// Elements: lists, ranges, steps (`*/5`, `1-10/2`, `5/15`), month and weekday names, `?`,
/// Sunday as 0 or 7, `L`, `L-n`, `nW`, `LW` (day of month), `nL`, `n#k` (day of week), and the
/// macros `@yearly @annually @monthly @weekly @daily @midnight @hourly`. `H` is not supported.
///
/// Day of month and day of week are ANDed when both are restricted (`0 0 13 * FRI` is Friday the
/// 13th), as Metronome's definition says (`matchDayOfWeekAndDayOfMonth`); Vixie cron would OR them.
///
/// DST (same rules as `WallClock`): a matching wall-clock time inside a spring-forward gap fires
/// once, at the gap's end (02:30 on a 02:00→03:00 day fires at 03:00; an every-minute schedule
/// fires once at 03:00 for the whole gap). In a fall-back the repeated wall-clock times fire only
/// at their first occurrence: during the second pass nothing fires until the wall clock passes
/// the end of the repeated interval (`0 * * * *` fires 24 times on a 25-hour day).
public struct CronSchedule: Schedule, Hashable {
    /// The expression as given.
    public let expression: String
    /// The IANA zone the expression is evaluated in (Metronome's `timezone`, default `UTC`).
    public let timeZone: String

    let fields: CronFields
    let wallClock: WallClock

    /// Parses a cron expression.
    /// - Throws: `ScheduleError` for field `cron` (message `Invalid cron expression '<e>': <field> …`)
    ///   or `timezone` (unknown zone).
    public static func parse(_ expression: String, timeZone: String = "UTC") throws(ScheduleError) -> CronSchedule {
        let fields = try parseFields(expression)
        let clock = try ScheduleError.timeZone(timeZone, field: "timezone")
        return CronSchedule(expression: expression, timeZone: timeZone, fields: fields, wallClock: clock)
    }

    /// The first matching instant strictly after `instant`; nil when the expression never matches
    /// again (a year field in the past, or a day pattern that no date within 400 years has).
    public func next(after instant: Date) -> Date? {
        let earliestLocal = wallClock.earliestLocal(resolvingAfter: instant.epochMillis)
        let startSecond = LocalDateTime(localMillis: ceilDiv(earliestLocal, 1000) * 1000)
        guard let match = fields.firstMatch(atOrAfter: startSecond) else { return nil }
        return Date(epochMillis: wallClock.resolve(match.localMillis))
    }
}
