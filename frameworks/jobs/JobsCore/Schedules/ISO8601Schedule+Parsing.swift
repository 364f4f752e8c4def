import Foundation

extension ISO8601Schedule {
    /// Parses a Chronos schedule (Chronos's grammar: `(R[0-9]*)/(.*)/(P.*)`).
    ///
    /// - Parameters:
    ///   - text: `R[n]/<start>/<period>`. `R` alone repeats forever; `R0` is exhausted; an empty
    ///     start means `now` − 1 s (so the job is due at once).
    ///   - scheduleTimeZone: an IANA zone, or "" for none. When given, the start's wall-clock
    ///     fields are kept and reinterpreted in this zone (Joda's `withZoneRetainFields`): any
    ///     offset written in the start is ignored.
    ///   - now: the current instant; used only for an empty start.
    /// - Throws: `ScheduleError` naming `schedule` or `scheduleTimeZone`: unparseable text,
    ///   a start before 1970-01-01T00:00:01Z (Chronos's limit), a period that is not longer than
    ///   zero, or an unknown zone.
    public static func parse(_ text: String, scheduleTimeZone: String = "", now: Date) throws(ScheduleError) -> ISO8601Schedule {
        let (repeatText, startText, periodText) = try split(text)
        let repetitions = try parseRepetitions(repeatText, in: text)
        let period: ISO8601Period
        do { period = try ISO8601Period.parse(String(periodText)) } catch { throw .schedule(text, error.reason) }
        let zone = scheduleTimeZone.isEmpty
            ? nil : try ScheduleError.timeZone(scheduleTimeZone, field: "scheduleTimeZone")
        let (nominal, clock, pinned) = try parseStart(startText, zone: zone, now: now, in: text)
        let schedule = ISO8601Schedule(repetitions: repetitions, period: period, nominalStart: nominal, wallClock: clock,
                                       scheduleTimeZone: scheduleTimeZone.isEmpty ? nil : scheduleTimeZone, startMillis: pinned)
        guard schedule.startMillis >= 1000 else {
            throw ScheduleError(field: "schedule",
                                message: "Scheduled start date '\(startText)' in schedule '\(text)' is before 1970")
        }
        return schedule
    }

    /// Splits at the first `/` and at the last `/P`, as Chronos's greedy regex does.
    private static func split(_ text: String) throws(ScheduleError) -> (Substring, Substring, Substring) {
        guard text.hasPrefix("R"), let firstSlash = text.firstIndex(of: "/"),
              let periodSlash = text[firstSlash...].dropFirst().range(of: "/P", options: .backwards) else {
            throw .schedule(text, "expected R[n]/<start>/<period>")
        }
        let start = text[text.index(after: firstSlash)..<periodSlash.lowerBound]
        return (text[..<firstSlash], start, text[text.index(after: periodSlash.lowerBound)...])
    }

    private static func parseRepetitions(_ text: Substring, in schedule: String) throws(ScheduleError) -> Int? {
        let digits = text.dropFirst()
        if digits.isEmpty { return nil }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let count = Int(digits) else {
            throw .schedule(schedule, "repetitions '\(text)' must be R or R followed by a number")
        }
        return count
    }

    /// The start's wall-clock fields, its zone, and the start instant when the fields alone do
    /// not determine it (an empty start, or an offset that picks one pass of a repeated hour).
    private static func parseStart(_ text: Substring, zone: WallClock?, now: Date,
                                   in schedule: String) throws(ScheduleError) -> (LocalDateTime, WallClock, Int64?) {
        let utc = WallClock(zone: TimeZone(secondsFromGMT: 0)!)
        if text.isEmpty {
            let clock = zone ?? utc
            let instant = now.epochMillis - 1000
            return (LocalDateTime(localMillis: clock.localMillis(of: instant)), clock, instant)
        }
        let parsed: ISO8601DateTime
        do { parsed = try ISO8601DateTime.parse(String(text)) } catch { throw .schedule(schedule, error.reason) }
        guard let offset = parsed.offsetSeconds else { return (parsed.local, zone ?? utc, nil) }
        if let zone {
            // Joda's withZoneRetainFields keeps the written instant when the zone has that offset
            // there; this is what lets a second-pass time (01:30-05:00 in New York) survive a round trip.
            let written = parsed.local.localMillis - Int64(offset) * 1000
            return (parsed.local, zone, zone.offsetMillis(at: written) == Int64(offset) * 1000 ? written : nil)
        }
        guard let fixed = TimeZone(secondsFromGMT: offset) else {
            throw .schedule(schedule, "start offset in '\(text)' is out of range")
        }
        return (parsed.local, WallClock(zone: fixed), nil)
    }
}
