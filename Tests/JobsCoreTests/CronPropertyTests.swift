import Foundation
import Testing
@testable import JobsCore

/// Deterministic generator so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random five-field expression and the value sets it denotes, built together so the oracle
/// never parses cron syntax.
struct RandomCron: CustomStringConvertible {
    var fields: [String] = []
    var sets: [Set<Int>] = []  // minute, hour, day-of-month, month, day-of-week (0 = Sunday)
    var description: String { fields.joined(separator: " ") }

    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
    static let monthNames = ["", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    init(using rng: inout SplitMix64) {
        add(Self.field(0...59, wildcardWeight: 1, names: nil, using: &rng))
        add(Self.field(0...23, wildcardWeight: 2, names: nil, using: &rng))
        add(Self.field(1...31, wildcardWeight: 4, names: nil, using: &rng))
        add(Self.field(1...12, wildcardWeight: 5, names: Self.monthNames, using: &rng))
        let weekday = Self.field(0...7, wildcardWeight: 3, names: Self.weekdayNames, using: &rng)
        add((weekday.0, Set(weekday.1.map { $0 % 7 })))
    }

    private mutating func add(_ field: (String, Set<Int>)) {
        fields.append(field.0)
        sets.append(field.1)
    }

    private static func field(_ range: ClosedRange<Int>, wildcardWeight: Int, names: [String]?,
                              using rng: inout SplitMix64) -> (String, Set<Int>) {
        // Sunday as 7 is written SUN only where the parser reads SUN as 7: at the end of a range
        // that starts after Sunday (`FRI-SUN`). Elsewhere SUN is 0 (`0-SUN` is Sunday only).
        func text(_ value: Int, endsRange: Bool = false) -> String {
            if let names, !names[value].isEmpty, value != 7 || endsRange, Bool.random(using: &rng) { return names[value] }
            return String(value)
        }
        let form = Int.random(in: 0..<(5 + wildcardWeight), using: &rng)
        let a = Int.random(in: range, using: &rng), b = Int.random(in: range, using: &rng)
        let (low, high) = (min(a, b), max(a, b))
        let step = Int.random(in: 2...7, using: &rng)
        let wildcardTop = range.upperBound == 7 ? 6 : range.upperBound  // `*` in day-of-week is 0-6
        switch form {
        case 0: return (text(a), [a])
        case 1: return ("\(text(low))-\(text(high, endsRange: low > 0))", Set(low...high))
        case 2: return ("*/\(step)", Set(stride(from: range.lowerBound, through: wildcardTop, by: step)))
        case 3: return ("\(low)-\(high)/\(step)", Set(stride(from: low, through: high, by: step)))
        case 4:
            let values = (0..<Int.random(in: 2...3, using: &rng)).map { _ in Int.random(in: range, using: &rng) }
            return (values.map { text($0) }.joined(separator: ","), Set(values))
        default: return ("*", Set(range.lowerBound...wildcardTop))
        }
    }
}

/// Brute-force oracle: wall-clock fields from Foundation's `Calendar`, plain set membership.
struct CronOracle {
    let cron: RandomCron
    let zone: TimeZone
    let calendar: Calendar

    init(cron: RandomCron, zone: TimeZone) {
        self.cron = cron
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    func matches(_ instant: Date, in zone: TimeZone? = nil) -> Bool {
        var calendar = self.calendar
        if let zone { calendar.timeZone = zone }
        let c = calendar.dateComponents([.minute, .hour, .day, .month, .weekday, .second], from: instant)
        return c.second == 0 && cron.sets[0].contains(c.minute!) && cron.sets[1].contains(c.hour!)
            && cron.sets[2].contains(c.day!) && cron.sets[3].contains(c.month!) && cron.sets[4].contains(c.weekday! - 1)
    }

    /// True when the wall-clock time at `instant` already occurred earlier (fall-back second pass).
    func isRepeatedWallTime(_ instant: Date) -> Bool {
        let fields: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute]
        let wall = calendar.dateComponents(fields, from: instant)
        return [1800.0, 3600.0].contains { calendar.dateComponents(fields, from: instant - $0) == wall }
    }

    /// Should a run happen at `instant`? A matching wall time that is not a repeat, or the end of a
    /// spring-forward gap that swallowed a matching wall time.
    func isDue(_ instant: Date) -> Bool {
        if matches(instant) && !isRepeatedWallTime(instant) { return true }
        let gap = zone.secondsFromGMT(for: instant) - zone.secondsFromGMT(for: instant - 1)
        guard gap > 0, let newOffset = TimeZone(secondsFromGMT: zone.secondsFromGMT(for: instant)) else { return false }
        // Wall times in the gap, read with the new offset, are the instants just before `instant`.
        return stride(from: gap, to: 0, by: -60).contains { matches(instant - Double($0), in: newOffset) }
    }
}

@Suite("Cron properties against a brute-force oracle")
struct CronPropertyTests {
    static let zones = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "Australia/Lord_Howe"]
    /// 2026 transitions of the zones above, to aim instants at.
    static let transitions = ["2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2026-03-29T01:00:00Z",
                              "2026-10-25T01:00:00Z", "2026-04-04T16:00:00Z", "2026-10-03T16:00:00Z",
                              "2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z"].map(utc)

    @Test("next(after:) is later, is due, and no due minute is skipped in between")
    func nextNeverSkips() throws {
        var rng = SplitMix64(state: 20_260_308)
        let window: TimeInterval = 36 * 3600
        for _ in 0..<300 {
            let random = RandomCron(using: &rng)
            let zoneName = Self.zones.randomElement(using: &rng)!
            let schedule: CronSchedule
            do {
                schedule = try CronSchedule.parse(random.description, timeZone: zoneName)
            } catch {
                // Only Metronome's month-length check may reject a generated expression.
                #expect(Self.daysNeverExist(random), "\(random): \(error)")
                continue
            }
            let oracle = CronOracle(cron: random, zone: TimeZone(identifier: zoneName)!)
            let anchor = Bool.random(using: &rng)
                ? Self.transitions.randomElement(using: &rng)!
                : utc("2026-01-01T00:00:00Z") + Double.random(in: 0...(365 * 86400), using: &rng)
            let start = (anchor + Double.random(in: -8 * 3600...4 * 3600, using: &rng)).addingTimeInterval(0)
            let after = Date(timeIntervalSince1970: (start.timeIntervalSince1970 * 1000).rounded() / 1000)
            let next = schedule.next(after: after)
            let context = "\(random) [\(zoneName)] after \(utcText(after)) → \(utcText(next))"
            if let next {
                #expect(next > after, "\(context)")
                #expect(oracle.isDue(next), "not due: \(context)")
            }
            // Every whole minute strictly between `after` and `next` (or the window's end) is not due.
            let end = min(next ?? .distantFuture, after + window)
            var minute = Date(timeIntervalSince1970: (after.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
            while minute < end {
                #expect(!oracle.isDue(minute), "skipped \(utcText(minute)): \(context)")
                minute += 60
            }
        }
    }

    /// No listed day of month exists in any listed month (Feb counted as 29 days).
    static func daysNeverExist(_ cron: RandomCron) -> Bool {
        let longest = cron.sets[3].map { [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][$0 - 1] }.max()!
        return cron.sets[2].min()! > longest
    }

    @Test("occurrences are strictly increasing and each is due")
    func occurrencesIncrease() throws {
        var rng = SplitMix64(state: 7)
        for _ in 0..<40 {
            let random = RandomCron(using: &rng)
            let zoneName = Self.zones.randomElement(using: &rng)!
            let schedule = try CronSchedule.parse(random.description, timeZone: zoneName)
            let oracle = CronOracle(cron: random, zone: TimeZone(identifier: zoneName)!)
            let instants = schedule.occurrences(after: utc("2026-01-01T00:00:00Z"), through: utc("2028-01-01T00:00:00Z"), limit: 50)
            #expect(zip(instants, instants.dropFirst()).allSatisfy { $0 < $1 }, "\(random) [\(zoneName)]")
            #expect(instants.allSatisfy(oracle.isDue), "\(random) [\(zoneName)]")
        }
    }
}
