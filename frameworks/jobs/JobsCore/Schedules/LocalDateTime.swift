/// A wall-clock date and time with no zone attached, to the millisecond.
///
/// Schedules keep their nominal wall-clock times in this form and resolve them to instants
/// only at the end (`WallClock.resolve`), so calendar arithmetic never drifts through DST.
struct LocalDateTime: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var millisecond = 0

    /// Latest year schedules evaluate; later occurrences count as "none".
    static let maximumYear = 9999

    /// Milliseconds since 1970-01-01T00:00:00 on the same (zone-less) wall clock.
    var localMillis: Int64 {
        let days = Int64(CivilCalendar.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1000 + Int64(millisecond)
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
    }

    init(localMillis: Int64) {
        let days = floorDiv(localMillis, 86_400_000)
        let millisOfDay = Int(localMillis - days * 86_400_000)
        (year, month, day) = CivilCalendar.date(daysSinceEpoch: Int(days))
        hour = millisOfDay / 3_600_000
        minute = millisOfDay / 60_000 % 60
        second = millisOfDay / 1000 % 60
        millisecond = millisOfDay % 1000
    }

    /// Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month =
    /// Feb 28 or 29). Nil past `maximumYear` or on overflow.
    func addingMonths(_ months: Int) -> LocalDateTime? {
        let (total, overflow) = (year * 12 + month - 1).addingReportingOverflow(months)
        guard !overflow else { return nil }
        var result = self
        result.year = Int(floorDiv(Int64(total), 12))
        result.month = total - result.year * 12 + 1
        guard (1...Self.maximumYear).contains(result.year) else { return nil }
        result.day = min(day, CivilCalendar.daysInMonth(year: result.year, month: result.month))
        return result
    }

    /// Adds whole calendar days, keeping the time of day. Nil past `maximumYear`.
    func addingDays(_ days: Int) -> LocalDateTime? {
        guard abs(days) <= 4_000_000 else { return nil }
        let epochDay = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) + days
        var result = self
        (result.year, result.month, result.day) = CivilCalendar.date(daysSinceEpoch: epochDay)
        return (1...Self.maximumYear).contains(result.year) ? result : nil
    }
}
