import Foundation

/// A recurring schedule, evaluated purely from the instants it is given (no clock inside).
public protocol Schedule: Sendable {
    /// The first scheduled instant strictly after `instant`, or nil when none remains
    /// (repetitions used up, a year field in the past, or an expression that never matches).
    func next(after instant: Date) -> Date?
}

extension Schedule {
    /// Scheduled instants in `(start, end]`, ascending, at most `limit` of them.
    public func occurrences(after start: Date, through end: Date, limit: Int) -> [Date] {
        var result: [Date] = []
        var cursor = start
        while result.count < limit, let instant = next(after: cursor), instant <= end {
            result.append(instant)
            cursor = instant
        }
        return result
    }
}

/// Either kind of job schedule, for storage and dispatch.
public enum JobSchedule: Schedule, Hashable {
    /// Chronos's `R[n]/<start>/<period>`.
    case iso8601(ISO8601Schedule)
    /// Metronome's cron with an IANA zone.
    case cron(CronSchedule)

    /// The next instant of the wrapped schedule.
    public func next(after instant: Date) -> Date? {
        switch self {
        case .iso8601(let schedule): schedule.next(after: instant)
        case .cron(let schedule): schedule.next(after: instant)
        }
    }
}
