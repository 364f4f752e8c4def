/// One cron field's limits and names.
struct CronFieldSpec: Sendable {
    let name: String
    let range: ClosedRange<Int>
    /// Range `*` and `a/step` cover (day-of-week: 0…6, although 7 is accepted as Sunday).
    let wildcardRange: ClosedRange<Int>
    let names: [String: Int]
    /// `?` allowed (day-of-month and day-of-week only).
    let allowsQuestionMark: Bool

    static let second = CronFieldSpec(name: "second", range: 0...59)
    static let minute = CronFieldSpec(name: "minute", range: 0...59)
    static let hour = CronFieldSpec(name: "hour", range: 0...23)
    static let dayOfMonth = CronFieldSpec(name: "day-of-month", range: 1...31, allowsQuestionMark: true)
    static let month = CronFieldSpec(name: "month", range: 1...12, names: monthNames)
    static let dayOfWeek = CronFieldSpec(name: "day-of-week", range: 0...7, wildcardRange: 0...6,
                                         names: weekdayNames, allowsQuestionMark: true)
    /// cron-utils's year range.
    static let year = CronFieldSpec(name: "year", range: 1970...2099)

    private static let monthNames = Dictionary(uniqueKeysWithValues: zip(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1...12))
    private static let weekdayNames = Dictionary(uniqueKeysWithValues: zip(
        ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 0...6))

    init(name: String, range: ClosedRange<Int>, wildcardRange: ClosedRange<Int>? = nil,
         names: [String: Int] = [:], allowsQuestionMark: Bool = false) {
        self.name = name
        self.range = range
        self.wildcardRange = wildcardRange ?? range
        self.names = names
        self.allowsQuestionMark = allowsQuestionMark
    }
}

/// Parses list elements (`*`, `?`, `v`, `a-b`, `*/s`, `a/s`, `a-b/s`, names) of one field.
/// The expression is upper-cased before it gets here, so names are case-insensitive.
struct CronFieldParser {
    let expression: String
    let spec: CronFieldSpec

    /// Every value an element denotes, in the field's own numbering.
    func values(of element: Substring) throws(ScheduleError) -> [Int] {
        let parts = element.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let step = try parts.count == 2 ? self.step(parts[1], in: element) : 1
        let base = parts[0]
        let bounds: ClosedRange<Int>
        if base == "*" || (base == "?" && spec.allowsQuestionMark) {
            bounds = spec.wildcardRange
        } else if let dash = base.firstIndex(of: "-") {
            let low = try value(base[..<dash])
            var high = try value(base[base.index(after: dash)...])
            // Day-of-week ranges may end on Sunday written as 0 or SUN: `FRI-SUN` is 5-7.
            if spec.range.upperBound == 7, high == 0, low > 0 { high = 7 }
            guard low <= high else { throw fail("range '\(base)' is reversed") }
            bounds = low...high
        } else {
            let single = try value(base)
            bounds = single...(parts.count == 2 ? spec.wildcardRange.upperBound : single)
        }
        return Array(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }

    /// A number or name within the field's range.
    func value(_ text: Substring) throws(ScheduleError) -> Int {
        if text == "H" || text.hasPrefix("H(") { throw fail("H (hashed values) is not supported") }
        guard let number = Int(text) ?? spec.names[String(text)] else {
            throw fail("value '\(text)' is not a number or name")
        }
        guard spec.range.contains(number) else {
            throw fail("value '\(text)' is out of range \(spec.range.lowerBound)-\(spec.range.upperBound)")
        }
        return number
    }

    private func step(_ text: Substring, in element: Substring) throws(ScheduleError) -> Int {
        guard let step = Int(text), step >= 1 else { throw fail("step in '\(element)' must be a number of at least 1") }
        return step
    }

    func fail(_ reason: String) -> ScheduleError {
        .cron(expression, "\(spec.name) \(reason)")
    }
}

extension Array where Element == Int {
    /// The values as a bit set (bit `v` for value `v`; values must be below 64).
    var bitSet: UInt64 { reduce(0) { $0 | (1 << UInt64($1)) } }
}
