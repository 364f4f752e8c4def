import Foundation
import Testing
@testable import JobsCore

@Suite("Civil calendar and wall-clock resolution")
struct WallClockTests {
    @Test("civil date arithmetic agrees with Foundation's Gregorian calendar")
    func civilMatchesFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        var rng = SplitMix64(state: 42)
        for _ in 0..<2000 {
            // Years 1584 … 9909: Foundation's calendar is Julian before October 1582.
            let days = Int.random(in: -141_000...2_900_000, using: &rng)
            let date = Date(timeIntervalSince1970: Double(days) * 86400)
            let expected = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilCalendar.date(daysSinceEpoch: days)
            #expect(civil.year == expected.year && civil.month == expected.month && civil.day == expected.day, "\(days)")
            #expect(CivilCalendar.weekday(daysSinceEpoch: days) == expected.weekday! - 1, "\(days)")
            #expect(CivilCalendar.daysSinceEpoch(year: civil.year, month: civil.month, day: civil.day) == days)
        }
    }

    @Test("month arithmetic clamps to the month's length")
    func addingMonths() throws {
        let january31 = LocalDateTime(year: 2024, month: 1, day: 31, hour: 10)
        #expect(january31.addingMonths(1) == LocalDateTime(year: 2024, month: 2, day: 29, hour: 10))
        #expect(january31.addingMonths(13) == LocalDateTime(year: 2025, month: 2, day: 28, hour: 10))
        #expect(january31.addingMonths(-2) == LocalDateTime(year: 2023, month: 11, day: 30, hour: 10))
        #expect(january31.addingMonths(12 * 8000) == nil)
        #expect(LocalDateTime(localMillis: january31.localMillis) == january31)
    }

    func resolve(_ zone: String, _ local: LocalDateTime) -> String {
        utcText(Date(epochMillis: WallClock(zone: TimeZone(identifier: zone)!).resolve(local.localMillis)))
    }

    @Test("gap times resolve to the gap's end; repeated times to their first occurrence")
    func resolution() {
        let ny = "America/New_York"
        #expect(resolve(ny, LocalDateTime(year: 2026, month: 3, day: 8, hour: 1, minute: 59)) == "2026-03-08T06:59:00Z")
        #expect(resolve(ny, LocalDateTime(year: 2026, month: 3, day: 8, hour: 2)) == "2026-03-08T07:00:00Z")
        #expect(resolve(ny, LocalDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 59, second: 59)) == "2026-03-08T07:00:00Z")
        #expect(resolve(ny, LocalDateTime(year: 2026, month: 3, day: 8, hour: 3)) == "2026-03-08T07:00:00Z")
        #expect(resolve(ny, LocalDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30)) == "2026-11-01T05:30:00Z")
        #expect(resolve(ny, LocalDateTime(year: 2026, month: 11, day: 1, hour: 2)) == "2026-11-01T07:00:00Z")
        let lordHowe = "Australia/Lord_Howe"
        #expect(resolve(lordHowe, LocalDateTime(year: 2026, month: 10, day: 4, hour: 2, minute: 10)) == "2026-10-03T15:30:00Z")
        #expect(resolve(lordHowe, LocalDateTime(year: 2026, month: 4, day: 5, hour: 1, minute: 40)) == "2026-04-04T14:40:00Z")
        #expect(resolve("Asia/Kolkata", LocalDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)) == "2026-03-07T21:00:00Z")
    }

    @Test("earliest local time resolving after an instant skips the rest of a repeated interval")
    func earliestLocal() {
        let clock = WallClock(zone: TimeZone(identifier: "America/New_York")!)
        // 01:15 EST (second pass): the next wall time that is still ahead is 02:00.
        let secondPass = utc("2026-11-01T06:15:00Z").epochMillis
        #expect(LocalDateTime(localMillis: clock.earliestLocal(resolvingAfter: secondPass)) == LocalDateTime(year: 2026, month: 11, day: 1, hour: 2))
        // 01:15 EDT (first pass): simply one millisecond later.
        let firstPass = utc("2026-11-01T05:15:00Z").epochMillis
        #expect(LocalDateTime(localMillis: clock.earliestLocal(resolvingAfter: firstPass)) == LocalDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 15, millisecond: 1))
        // Just before the spring gap: 02:00 (which resolves to 03:00 EDT) is still ahead.
        let beforeGap = utc("2026-03-08T06:59:59.999Z").epochMillis
        #expect(LocalDateTime(localMillis: clock.earliestLocal(resolvingAfter: beforeGap)) == LocalDateTime(year: 2026, month: 3, day: 8, hour: 2))
    }

    @Test("instants convert to and from Date exactly at millisecond precision")
    func epochMillis() {
        for millis: Int64 in [0, 1, 999, 1_764_126_000_123, -1, -86_400_001, 253_402_300_799_999] {
            #expect(Date(epochMillis: millis).epochMillis == millis)
        }
        #expect(Date(timeIntervalSince1970: 1.0005).epochMillis == 1000)
        #expect(floorDiv(-1, 1000) == -1 && ceilDiv(-1, 1000) == 0 && ceilDiv(1, 1000) == 1)
    }
}
