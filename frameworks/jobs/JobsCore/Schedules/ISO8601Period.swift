/// An ISO 8601 duration as Joda's `ISOPeriodFormat.standard` reads and prints it:
/// `PnYnMnWnDTnHnMn[.fff]S`, every field optional, fractions only on seconds (kept to the
/// millisecond, extra digits truncated as Joda does).
///
/// Years, months, weeks and days are calendar fields, added to the wall clock in the schedule's
/// zone; hours, minutes and seconds are exact durations.
public struct ISO8601Period: Hashable, Sendable, CustomStringConvertible {
    /// Calendar years (`nY`).
    public var years = 0
    /// Calendar months (`nM` before `T`).
    public var months = 0
    /// Weeks of seven calendar days (`nW`).
    public var weeks = 0
    /// Calendar days (`nD`); a day is 23 or 25 hours across DST changes.
    public var days = 0
    /// Elapsed hours (`nH`).
    public var hours = 0
    /// Elapsed minutes (`nM` after `T`).
    public var minutes = 0
    /// The seconds field including its fraction, in milliseconds.
    public var milliseconds: Int64 = 0

    /// A period from its fields; `milliseconds` is the seconds field (with fraction) in ms.
    public init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0,
                hours: Int = 0, minutes: Int = 0, milliseconds: Int64 = 0) {
        (self.years, self.months, self.weeks, self.days) = (years, months, weeks, days)
        (self.hours, self.minutes, self.milliseconds) = (hours, minutes, milliseconds)
    }

    /// True when the period has a year, month, week or day part.
    var hasCalendarPart: Bool { years != 0 || months != 0 || weeks != 0 || days != 0 }

    /// The hour/minute/second part as an exact duration.
    var exactMillis: Int64 {
        Int64(hours) * 3_600_000 + Int64(minutes) * 60_000 + milliseconds
    }

    /// Average length, used only to estimate how many periods fit in an interval.
    var approximateMillis: Double {
        Double(years) * 31_556_952_000 + Double(months) * 2_629_746_000
            + Double(weeks) * 604_800_000 + Double(days) * 86_400_000 + Double(exactMillis)
    }

    /// Joda's `ISOPeriodFormat.standard` output, e.g. `P1Y2M3DT4H5M6.500S`, `PT2M`, `P2W`.
    public var description: String {
        var text = "P"
        for (value, unit) in [(years, "Y"), (months, "M"), (weeks, "W"), (days, "D")] where value != 0 {
            text += "\(value)\(unit)"
        }
        guard hours != 0 || minutes != 0 || milliseconds != 0 else { return text == "P" ? "PT0S" : text }
        text += "T"
        if hours != 0 { text += "\(hours)H" }
        if minutes != 0 { text += "\(minutes)M" }
        if milliseconds != 0 { text += Self.secondsText(milliseconds) + "S" }
        return text
    }

    private static func secondsText(_ millis: Int64) -> String {
        let fraction = millis % 1000
        guard fraction != 0 else { return "\(millis / 1000)" }
        let digits = String(fraction)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - digits.count) + digits
    }
}
