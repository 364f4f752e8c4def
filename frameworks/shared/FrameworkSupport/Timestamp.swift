/// A wall-clock instant in milliseconds since the Unix epoch. Wall time (not monotonic)
/// because versions, backoff and unreachable times are persisted and must survive a restart.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// `seconds` since the epoch.
    public static func seconds(_ seconds: Double) -> Timestamp {
        Timestamp(milliseconds: Int64((seconds * 1000).rounded()))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// `seconds` later (or earlier, if negative).
    public func adding(seconds: Double) -> Timestamp {
        Timestamp(milliseconds: self.milliseconds + Int64((seconds * 1000).rounded()))
    }

    /// Seconds from `earlier` to this instant.
    public func seconds(since earlier: Timestamp) -> Double { Double(self.milliseconds - earlier.milliseconds) / 1000 }

    public var description: String { self.iso8601 }

    /// Marathon's format: `2015-09-25T15:13:48.343Z` (UTC, always milliseconds, always `Z`).
    public var iso8601: String {
        let days = Int64((Double(self.milliseconds) / 86_400_000).rounded(.down))
        let millisOfDay = self.milliseconds - days * 86_400_000
        let (year, month, day) = Self.civil(fromDays: days)
        // Written digit by digit: task lists format three of these per task.
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int64, _ width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        guard (0...9999).contains(year) else { return "\(year)-\(month)-\(day)T\(millisOfDay)Z" }
        put(year, 4, at: 0)
        put(month, 2, at: 5)
        put(day, 2, at: 8)
        put(millisOfDay / 3_600_000, 2, at: 11)
        put(millisOfDay / 60_000 % 60, 2, at: 14)
        put(millisOfDay / 1000 % 60, 2, at: 17)
        put(millisOfDay % 1000, 3, at: 20)
        for (offset, character) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z")] as [(Int, Unicode.Scalar)] {
            bytes[offset] = UInt8(ascii: character)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (also `+00:00`); nil if it is not such a timestamp.
    public init?(iso8601 text: String) {
        var text = Substring(text)
        if text.hasSuffix("Z") { text = text.dropLast() } else if text.hasSuffix("+00:00") { text = text.dropLast(6) } else { return nil }
        let dateAndTime = text.split(separator: "T")
        guard dateAndTime.count == 2 else { return nil }
        let date = dateAndTime[0].split(separator: "-").compactMap { Int64($0) }
        let timeAndFraction = dateAndTime[1].split(separator: ".", omittingEmptySubsequences: false)
        let time = timeAndFraction[0].split(separator: ":").compactMap { Int64($0) }
        guard date.count == 3, time.count == 3, timeAndFraction.count <= 2 else { return nil }
        guard (1...12).contains(date[1]), (1...31).contains(date[2]), time[0] < 24, time[1] < 60, time[2] < 61 else { return nil }
        var millis: Int64 = 0
        if timeAndFraction.count == 2 {
            let digits = timeAndFraction[1]
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
            let padded = String((digits + "000").prefix(3))
            millis = Int64(padded) ?? 0
        }
        let days = Self.days(fromCivil: date[0], date[1], date[2])
        self.milliseconds = ((days * 24 + time[0]) * 60 + time[1]) * 60_000 + time[2] * 1000 + millis
    }

    /// Howard Hinnant's days-from-civil, proleptic Gregorian.
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian).
    public static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
