import Foundation

/// Why a schedule, cron expression or time zone was rejected. Servers answer 400 (Chronos) or
/// 422 (Metronome) with `message`, which always names the offending field and value.
public struct ScheduleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The JSON field at fault: `schedule`, `scheduleTimeZone` (Chronos), `cron`, `timezone` (Metronome).
    public let field: String
    /// Human-readable reason, naming the field and the rejected value.
    public let message: String

    /// An error for `field` with a complete `message`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// `Cannot parse schedule '<s>': <reason>` (Chronos's wording, with the reason added).
    static func schedule(_ text: String, _ reason: String) -> ScheduleError {
        ScheduleError(field: "schedule", message: "Cannot parse schedule '\(text)': \(reason)")
    }

    /// `Invalid cron expression '<e>': <reason>`.
    static func cron(_ expression: String, _ reason: String) -> ScheduleError {
        ScheduleError(field: "cron", message: "Invalid cron expression '\(expression)': \(reason)")
    }

    /// Looks up an IANA zone, rejecting unknown names instead of silently using GMT (Java's
    /// `TimeZone.getTimeZone`, and so Chronos, falls back to GMT).
    static func timeZone(_ identifier: String, field: String) throws(ScheduleError) -> WallClock {
        let trimmed = identifier.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let zone = TimeZone(identifier: trimmed) else {
            throw ScheduleError(field: field, message: "Unknown time zone '\(identifier)' in \(field)")
        }
        return WallClock(zone: zone)
    }
}
