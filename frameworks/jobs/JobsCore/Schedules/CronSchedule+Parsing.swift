extension CronSchedule {
    /// Field layouts by count. Six fields are Metronome's optional trailing year; seconds need the
    /// seven-field form (`second minute hour day-of-month month day-of-week year`, year may be `*`),
    /// so a six-field expression is never ambiguous.
    static func parseFields(_ expression: String) throws(ScheduleError) -> CronFields {
        let text = expression.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if text.hasPrefix("@") { return try parseFields(expandingMacro: text, in: expression) }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        var fields = CronFields()
        let offset: Int
        switch parts.count {
        case 5, 6: offset = 0
        case 7:
            offset = 1
            fields.seconds = try plain(parts[0], .second, expression)
        default:
            throw .cron(expression, "expected 5 fields (minute hour day-of-month month day-of-week), "
                + "6 with a trailing year, or 7 with a leading second and a trailing year; found \(parts.count)")
        }
        fields.minutes = try plain(parts[offset], .minute, expression)
        fields.hours = try plain(parts[offset + 1], .hour, expression)
        fields.daysOfMonth = try dayOfMonth(parts[offset + 2], expression)
        fields.months = try plain(parts[offset + 3], .month, expression)
        fields.daysOfWeek = try dayOfWeek(parts[offset + 4], expression)
        if parts.count > 5, parts[offset + 5] != "*" {
            fields.years = try Set(list(parts[offset + 5], .year, expression)).sorted()
        }
        try checkDaysExist(fields, expression)
        return fields
    }

    /// `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight`, `@hourly`.
    private static func parseFields(expandingMacro macro: String, in expression: String) throws(ScheduleError) -> CronFields {
        let expansions = ["@YEARLY": "0 0 1 1 *", "@ANNUALLY": "0 0 1 1 *", "@MONTHLY": "0 0 1 * *",
                          "@WEEKLY": "0 0 * * 0", "@DAILY": "0 0 * * *", "@MIDNIGHT": "0 0 * * *",
                          "@HOURLY": "0 * * * *"]
        guard let expanded = expansions[macro] else {
            throw .cron(expression, "unknown macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)")
        }
        return try parseFields(expanded)
    }

    private static func list(_ field: Substring, _ spec: CronFieldSpec, _ expression: String) throws(ScheduleError) -> [Int] {
        let parser = CronFieldParser(expression: expression, spec: spec)
        var values: [Int] = []
        for element in field.split(separator: ",", omittingEmptySubsequences: false) {
            guard !element.isEmpty else { throw parser.fail("has an empty list element") }
            values += try parser.values(of: element)
        }
        return values
    }

    private static func plain(_ field: Substring, _ spec: CronFieldSpec, _ expression: String) throws(ScheduleError) -> UInt64 {
        try list(field, spec, expression).bitSet
    }

    private static func dayOfMonth(_ field: Substring, _ expression: String) throws(ScheduleError) -> DayOfMonthRule {
        var rule = DayOfMonthRule(isUnrestricted: field == "*" || field == "?")
        guard !rule.isUnrestricted else { return rule }
        let parser = CronFieldParser(expression: expression, spec: .dayOfMonth)
        for element in field.split(separator: ",", omittingEmptySubsequences: false) {
            if element == "L" {
                rule.lastDayOffsets.append(0)
            } else if element.hasPrefix("L-"), let offset = Int(element.dropFirst(2)), (0...30).contains(offset) {
                rule.lastDayOffsets.append(offset)
            } else if element == "LW" {
                rule.lastWeekday = true
            } else if element.hasSuffix("W") {
                rule.nearestWeekdays.append(try parser.value(element.dropLast()))
            } else if element.isEmpty {
                throw parser.fail("has an empty list element")
            } else {
                rule.days |= try parser.values(of: element).bitSet
            }
        }
        return rule
    }

    private static func dayOfWeek(_ field: Substring, _ expression: String) throws(ScheduleError) -> DayOfWeekRule {
        var rule = DayOfWeekRule(isUnrestricted: field == "*" || field == "?")
        guard !rule.isUnrestricted else { return rule }
        let parser = CronFieldParser(expression: expression, spec: .dayOfWeek)
        for element in field.split(separator: ",", omittingEmptySubsequences: false) {
            if element == "L" {
                throw parser.fail("'L' needs a weekday (e.g. 5L for the last Friday)")
            } else if element.hasSuffix("L") {
                rule.lastOfMonth |= 1 << UInt64(try parser.value(element.dropLast()) % 7)
            } else if let hash = element.firstIndex(of: "#") {
                let weekday = try parser.value(element[..<hash]) % 7
                guard let ordinal = Int(element[element.index(after: hash)...]), (1...5).contains(ordinal) else {
                    throw parser.fail("'\(element)' needs an occurrence 1-5 after '#'")
                }
                rule.nth.append(.init(weekday: weekday, ordinal: ordinal))
            } else if element.isEmpty {
                throw parser.fail("has an empty list element")
            } else {
                rule.weekdays |= try parser.values(of: element).map { $0 % 7 }.bitSet  // 7 is Sunday
            }
        }
        return rule
    }

    /// Metronome's `CronDaysInMonthValidation`: reject plain days that no listed month has
    /// (`0 0 30 2 *`), which cron-utils would otherwise search for forever.
    private static func checkDaysExist(_ fields: CronFields, _ expression: String) throws(ScheduleError) {
        guard fields.daysOfMonth.hasOnlyPlainDays, fields.daysOfMonth.days != 0 else { return }
        let earliestDay = fields.daysOfMonth.days.trailingZeroBitCount
        let monthLengths = (1...12).filter { fields.months & (1 << UInt64($0)) != 0 }
            .map { CivilCalendar.daysInMonth(year: 2000, month: $0) }  // 2000 is a leap year
        guard let longest = monthLengths.max(), earliestDay <= longest else {
            throw .cron(expression, "day-of-month must exist in the given months (e.g. February has at most 29 days)")
        }
    }
}
