/// An ISO 8601 date-time as written in a schedule's start: wall-clock fields plus the UTC offset
/// if one was given.
///
/// Accepted (extended format, as Joda's `DateTime.parse` reads the common cases):
/// `YYYY-MM-DD`, optionally `THH`, `THH:mm`, `THH:mm:ss`, `THH:mm:ss.fff…` (`.` or `,`, extra
/// digits truncated to milliseconds), then optionally `Z`, `±HH`, `±HHmm` or `±HH:mm`.
/// Week dates, ordinal dates and the basic format (`20260101T…`) are not accepted.
struct ISO8601DateTime: Hashable, Sendable {
    var local: LocalDateTime
    /// Offset from UTC in seconds; nil when the text had none.
    var offsetSeconds: Int?

    /// Parses `text`; the error is a reason for the caller to wrap.
    static func parse(_ text: String) throws(ScheduleParseFailure) -> ISO8601DateTime {
        var scanner = DateTimeScanner(bytes: Array(text.utf8), text: text)
        return try scanner.scan()
    }
}

private struct DateTimeScanner {
    let bytes: [UInt8]
    let text: String
    var index = 0

    mutating func scan() throws(ScheduleParseFailure) -> ISO8601DateTime {
        let year = try digits(4)
        try expect("-")
        let month = try digits(2)
        try expect("-")
        let day = try digits(2)
        guard (1...12).contains(month), (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day) else {
            throw failure("no such date")
        }
        var local = LocalDateTime(year: year, month: month, day: day)
        guard index < bytes.count else { return ISO8601DateTime(local: local, offsetSeconds: nil) }
        guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t") else { throw failure("expected 'T'") }
        index += 1
        try scanTime(into: &local)
        let offset = try scanOffset()
        guard index == bytes.count else { throw failure("unexpected text after the date-time") }
        return ISO8601DateTime(local: local, offsetSeconds: offset)
    }

    private mutating func scanTime(into local: inout LocalDateTime) throws(ScheduleParseFailure) {
        local.hour = try digits(2)
        if accept(":") {
            local.minute = try digits(2)
            if accept(":") {
                local.second = try digits(2)
                if accept(".") || accept(",") { local.millisecond = try fractionMillis() }
            }
        }
        guard local.hour < 24, local.minute < 60, local.second < 60 else { throw failure("time out of range") }
    }

    private mutating func scanOffset() throws(ScheduleParseFailure) -> Int? {
        guard index < bytes.count else { return nil }
        if accept("Z") || accept("z") { return 0 }
        let sign: Int
        if accept("+") { sign = 1 } else if accept("-") { sign = -1 } else { throw failure("expected an offset") }
        let hours = try digits(2)
        var minutes = 0
        if index < bytes.count {
            _ = accept(":")
            minutes = try digits(2)
        }
        guard hours < 24, minutes < 60 else { throw failure("offset out of range") }
        return sign * (hours * 3600 + minutes * 60)
    }

    private mutating func fractionMillis() throws(ScheduleParseFailure) -> Int {
        var millis = 0, count = 0
        while index < bytes.count, let digit = digit(bytes[index]) {
            if count < 3 { millis = millis * 10 + digit }
            count += 1
            index += 1
        }
        guard count > 0 else { throw failure("expected fraction digits") }
        if count < 3 { for _ in count..<3 { millis *= 10 } }
        return millis
    }

    private mutating func digits(_ count: Int) throws(ScheduleParseFailure) -> Int {
        var value = 0
        for _ in 0..<count {
            guard index < bytes.count, let digit = digit(bytes[index]) else { throw failure("expected \(count) digits") }
            value = value * 10 + digit
            index += 1
        }
        return value
    }

    private mutating func expect(_ character: Character) throws(ScheduleParseFailure) {
        guard accept(character) else { throw failure("expected '\(character)'") }
    }

    private mutating func accept(_ character: Character) -> Bool {
        guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
        index += 1
        return true
    }

    private func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private func failure(_ reason: String) -> ScheduleParseFailure {
        ScheduleParseFailure("start '\(text)' is not an ISO 8601 date-time (\(reason))")
    }
}
