extension ISO8601Period {
    /// Largest accepted value of a single field; keeps `k · period` arithmetic far from overflow.
    static let maximumFieldValue = 1_000_000_000

    /// Parses `PnYnMnWnDTnHnMn[.fff]S`. Designators are case-insensitive after the leading `P`.
    /// The result must be longer than zero (rejects `P0D`, negative values).
    /// - Throws: a reason string (the caller wraps it with the schedule text).
    static func parse(_ text: String) throws(ScheduleParseFailure) -> ISO8601Period {
        var scanner = PeriodScanner(text: text)
        let period = try scanner.scan()
        guard period.approximateMillis > 0 else {
            throw ScheduleParseFailure("period '\(text)' must be longer than zero")
        }
        return period
    }
}

/// Why a part of a schedule (period, start) did not parse; the caller adds the schedule text.
struct ScheduleParseFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Single-pass scanner for the period grammar; designators must appear in order.
private struct PeriodScanner {
    let text: String
    let bytes: [UInt8]
    var index = 1  // after the "P" the caller's regex guarantees

    init(text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    mutating func scan() throws(ScheduleParseFailure) -> ISO8601Period {
        guard bytes.first == UInt8(ascii: "P"), bytes.count > 1 else { throw failure("expected P followed by fields") }
        var period = ISO8601Period()
        var inTime = false, sawField = false, sawTimeField = false
        var order = 0  // rank of the last designator, to enforce Y M W D T H M S order
        while index < bytes.count {
            if upper(bytes[index]) == UInt8(ascii: "T") {
                guard !inTime else { throw failure("'T' appears twice") }
                inTime = true
                index += 1
                continue
            }
            let (whole, fractionMillis) = try number()
            guard index < bytes.count else { throw failure("number without a designator") }
            let designator = upper(bytes[index])
            index += 1
            let rank = try Self.rank(of: designator, inTime: inTime, text: text)
            guard rank > order else { throw failure("fields out of order or repeated") }
            guard fractionMillis == 0 || rank == 8 else { throw failure("only seconds may have a fraction") }
            order = rank
            sawField = true
            sawTimeField = sawTimeField || inTime
            Self.assign(whole, fractionMillis, rank: rank, to: &period)
        }
        guard sawField else { throw failure("no fields") }
        guard !inTime || sawTimeField else { throw failure("'T' must be followed by hours, minutes or seconds") }
        return period
    }

    /// Reads digits and an optional `.`/`,` fraction; a sign means a negative period, rejected.
    private mutating func number() throws(ScheduleParseFailure) -> (Int, Int64) {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            throw ScheduleParseFailure("period '\(text)' must not be negative or signed")
        }
        let start = index
        var value = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            value = value * 10 + digit
            guard value <= ISO8601Period.maximumFieldValue else { throw failure("field value too large") }
            index += 1
        }
        guard index > start else { throw failure("expected a number at position \(start + 1)") }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") else {
            return (value, 0)
        }
        index += 1
        var millis: Int64 = 0, digits = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            if digits < 3 { millis = millis * 10 + Int64(digit) }
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw failure("expected digits after the decimal mark") }
        if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        return (value, millis)
    }

    private static func rank(of designator: UInt8, inTime: Bool, text: String) throws(ScheduleParseFailure) -> Int {
        switch (Character(UnicodeScalar(designator)), inTime) {
        case ("Y", false): 1
        case ("M", false): 2
        case ("W", false): 3
        case ("D", false): 4
        case ("H", true): 6
        case ("M", true): 7
        case ("S", true): 8
        default: throw ScheduleParseFailure("period '\(text)' has an unexpected designator '\(Character(UnicodeScalar(designator)))'")
        }
    }

    private static func assign(_ value: Int, _ fractionMillis: Int64, rank: Int, to period: inout ISO8601Period) {
        switch rank {
        case 1: period.years = value
        case 2: period.months = value
        case 3: period.weeks = value
        case 4: period.days = value
        case 6: period.hours = value
        case 7: period.minutes = value
        default: period.milliseconds = Int64(value) * 1000 + fractionMillis
        }
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private func upper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }

    private func failure(_ reason: String) -> ScheduleParseFailure {
        ScheduleParseFailure("period '\(text)' is not an ISO 8601 duration (\(reason))")
    }
}
