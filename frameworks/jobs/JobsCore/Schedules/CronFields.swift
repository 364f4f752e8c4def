/// A parsed cron expression as bit sets per field, searched field by field (year, month, day,
/// hour, minute, second) rather than minute by minute.
struct CronFields: Hashable, Sendable {
    /// Bit `s`; only second 0 when the expression has no seconds field.
    var seconds: UInt64 = 1
    var minutes: UInt64 = 0
    var hours: UInt64 = 0
    var daysOfMonth = DayOfMonthRule()
    /// Bits 1…12.
    var months: UInt64 = 0
    var daysOfWeek = DayOfWeekRule()
    /// Allowed years, ascending; nil for any year.
    var years: [Int]?

    /// The Gregorian calendar repeats every 400 years, so a day pattern not found within that span
    /// never occurs (e.g. `1W` on a Sunday, `29 2 MON#5`).
    static let searchYears = 400

    /// The first wall-clock second at or after `start` (whose millisecond must be 0) that matches
    /// every field, or nil when none exists within `searchYears` or before year 9999.
    /// Day of month and day of week must both match (AND, as Metronome/cron-utils do).
    func firstMatch(atOrAfter start: LocalDateTime) -> LocalDateTime? {
        var cursor = start
        let lastYear = min(start.year + Self.searchYears, LocalDateTime.maximumYear)
        while cursor.year <= lastYear {
            guard let year = nextYear(from: cursor.year), year <= lastYear else { return nil }
            if year != cursor.year { cursor = LocalDateTime(year: year, month: 1, day: 1) }
            guard let month = Self.nextBit(months, from: cursor.month) else {
                cursor = LocalDateTime(year: year + 1, month: 1, day: 1)
                continue
            }
            if month != cursor.month { cursor = LocalDateTime(year: year, month: month, day: 1) }
            if let match = firstMatchInMonth(from: cursor) { return match }
            cursor = month == 12
                ? LocalDateTime(year: year + 1, month: 1, day: 1)
                : LocalDateTime(year: year, month: month + 1, day: 1)
        }
        return nil
    }

    /// The first match within `cursor`'s month at or after it.
    private func firstMatchInMonth(from start: LocalDateTime) -> LocalDateTime? {
        let shape = MonthShape(year: start.year, month: start.month)
        let days = daysOfMonth.mask(for: shape) & daysOfWeek.mask(for: shape)
        var cursor = start
        while let day = Self.nextBit(days, from: cursor.day) {
            if day != cursor.day { cursor = LocalDateTime(year: cursor.year, month: cursor.month, day: day) }
            if let match = firstMatchInDay(from: cursor) { return match }
            cursor = LocalDateTime(year: cursor.year, month: cursor.month, day: day + 1)
        }
        return nil
    }

    private func firstMatchInDay(from start: LocalDateTime) -> LocalDateTime? {
        var cursor = start
        while let hour = Self.nextBit(hours, from: cursor.hour) {
            if hour != cursor.hour { (cursor.hour, cursor.minute, cursor.second) = (hour, 0, 0) }
            while let minute = Self.nextBit(minutes, from: cursor.minute) {
                if minute != cursor.minute { (cursor.minute, cursor.second) = (minute, 0) }
                if let second = Self.nextBit(seconds, from: cursor.second) {
                    cursor.second = second
                    return cursor
                }
                (cursor.minute, cursor.second) = (minute + 1, 0)
            }
            (cursor.hour, cursor.minute, cursor.second) = (hour + 1, 0, 0)
        }
        return nil
    }

    private func nextYear(from year: Int) -> Int? {
        guard let years else { return year }
        return years.first { $0 >= year }
    }

    /// The lowest set bit at position `from` or above.
    static func nextBit(_ bits: UInt64, from position: Int) -> Int? {
        guard position < 64 else { return nil }
        let remaining = bits & (UInt64.max << UInt64(max(position, 0)))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }
}
