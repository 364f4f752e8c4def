/// The day-of-month field: plain days plus the Quartz/cron-utils specials `L` (last day),
/// `L-n` (n days before the last), `nW` (weekday nearest to day n, within the month) and `LW`
/// (last weekday of the month).
struct DayOfMonthRule: Hashable, Sendable {
    /// True for `*` or `?`: every day.
    var isUnrestricted = true
    /// Bit `d` set for plain day `d` (1…31).
    var days: UInt64 = 0
    /// `L` is 0, `L-3` is 3.
    var lastDayOffsets: [Int] = []
    /// Days `n` of `nW`.
    var nearestWeekdays: [Int] = []
    /// `LW`.
    var lastWeekday = false

    /// True when only plain days are listed (Metronome's month-length check applies).
    var hasOnlyPlainDays: Bool { !isUnrestricted && lastDayOffsets.isEmpty && nearestWeekdays.isEmpty && !lastWeekday }

    /// Days of one month that match, as bits 1…`month.length`.
    func mask(for month: MonthShape) -> UInt64 {
        if isUnrestricted { return month.allDays }
        var mask = days & month.allDays
        for offset in lastDayOffsets where month.length - offset >= 1 {
            mask |= 1 << (month.length - offset)
        }
        // A day beyond the month's length (31W in April) does not match that month.
        for day in nearestWeekdays where day <= month.length {
            mask |= 1 << month.nearestWeekday(to: day)
        }
        if lastWeekday { mask |= 1 << month.nearestWeekday(to: month.length) }
        return mask
    }
}

/// The day-of-week field (0 = Sunday; 7 is folded to 0 by the parser) plus `nL` (last such
/// weekday of the month) and `n#k` (k-th such weekday, k = 1…5).
struct DayOfWeekRule: Hashable, Sendable {
    struct Nth: Hashable, Sendable {
        var weekday: Int
        var ordinal: Int
    }

    /// True for `*` or `?`: every day.
    var isUnrestricted = true
    /// Bit `w` set for weekday `w` (0…6).
    var weekdays: UInt64 = 0
    /// Bit `w` set for `wL`.
    var lastOfMonth: UInt64 = 0
    var nth: [Nth] = []

    /// Days of one month that match, as bits 1…`month.length`.
    func mask(for month: MonthShape) -> UInt64 {
        if isUnrestricted { return month.allDays }
        var mask: UInt64 = 0
        for weekday in 0..<7 {
            let first = month.firstDay(of: weekday)
            if weekdays & (1 << weekday) != 0 {
                for day in stride(from: first, through: month.length, by: 7) { mask |= 1 << day }
            }
            if lastOfMonth & (1 << weekday) != 0 {
                mask |= 1 << (first + (month.length - first) / 7 * 7)
            }
        }
        for entry in nth {
            let day = month.firstDay(of: entry.weekday) + 7 * (entry.ordinal - 1)
            if day <= month.length { mask |= 1 << day }
        }
        return mask
    }
}

/// Length and starting weekday of one calendar month.
struct MonthShape {
    let length: Int
    /// Weekday of the 1st, 0 = Sunday.
    let firstWeekday: Int

    init(year: Int, month: Int) {
        length = CivilCalendar.daysInMonth(year: year, month: month)
        firstWeekday = CivilCalendar.weekday(year: year, month: month, day: 1)
    }

    /// Bits 1…length.
    var allDays: UInt64 { ((1 << UInt64(length + 1)) - 1) & ~1 }

    func weekday(of day: Int) -> Int { (firstWeekday + day - 1) % 7 }

    /// The first day of the month falling on `weekday`.
    func firstDay(of weekday: Int) -> Int { 1 + (weekday - firstWeekday + 7) % 7 }

    /// Quartz's `W`: the weekday (Mon–Fri) nearest to `day` without leaving the month. A Saturday
    /// moves to Friday (or to Monday the 3rd when it is the 1st); a Sunday moves to Monday (or to
    /// Friday when it is the month's last day).
    func nearestWeekday(to day: Int) -> Int {
        switch weekday(of: day) {
        case 6: day > 1 ? day - 1 : day + 2
        case 0: day < length ? day + 1 : day - 2
        default: day
        }
    }
}
