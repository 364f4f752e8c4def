import Foundation

extension Timestamp {
    /// The instant as a `Date`, for the schedule engine.
    public var date: Date { Date(epochMillis: self.milliseconds) }

    /// The instant of `date`, floored to the millisecond.
    public init(_ date: Date) { self.init(milliseconds: date.epochMillis) }

    /// The Metronome API's dates: UTC with milliseconds and `Z`, `2026-11-26T03:00:00.000Z`.
    /// (Metronome itself writes `+0000`; `Z` is what protobuf's JSON parser, which Metronome
    /// clients use, and every RFC 3339 reader accept.)
    public var metronomeText: String { self.iso8601 }

    /// Parses Metronome's `...SSS+0000` as well as `...Z` and `+00:00`.
    public init?(metronome text: String) {
        let normalized = text.hasSuffix("+0000") ? String(text.dropLast(5)) + "Z" : text
        self.init(iso8601: normalized)
    }

    /// Chronos's task-stat format `MM/dd/yy HH:mm:ss` (UTC).
    public var chronosStatText: String {
        let (year, month, day, hour, minute, second) = self.fields
        return "\(Self.two(month))/\(Self.two(day))/\(Self.two(year % 100)) \(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))"
    }

    /// `yyyyMMddHHmmss` (UTC), the first part of a Metronome run ID.
    public var compactText: String {
        let (year, month, day, hour, minute, second) = self.fields
        return "\(year)\(Self.two(month))\(Self.two(day))\(Self.two(hour))\(Self.two(minute))\(Self.two(second))"
    }

    private var fields: (Int64, Int64, Int64, Int64, Int64, Int64) {
        let days = Int64((Double(self.milliseconds) / 86_400_000).rounded(.down))
        let millisOfDay = self.milliseconds - days * 86_400_000
        let (year, month, day) = Self.civil(fromDays: days)
        return (year, month, day, millisOfDay / 3_600_000, millisOfDay / 60_000 % 60, millisOfDay / 1000 % 60)
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
