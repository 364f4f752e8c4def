import Foundation

extension ISO8601Schedule {
    /// Chronos's canonical text (`Iso8601Expressions.create`), e.g.
    /// `R5/2026-11-26T03:00:00.000Z/PT2M`, or `R/…` when infinite. The start is written as Joda's
    /// `ISODateTimeFormat.dateTime` does: nominal wall-clock fields to the millisecond, then the
    /// offset in force in the schedule's zone (`Z` when zero). For a start inside a DST gap the
    /// offset before the gap is written, so that re-parsing with `scheduleTimeZone` (which keeps
    /// the fields) gives back the same schedule.
    public var chronosString: String {
        let count = repetitions.map(String.init) ?? ""
        return "R\(count)/\(Self.format(nominalStart, at: startMillis, clock: wallClock))/\(period)"
    }

    /// Chronos 3's stored-schedule rewrite (`JobUtils.skipForward`), applied when a run launches.
    ///
    /// If the start is before `now`, it moves to the first slot strictly after `now` (slots counted
    /// from the current start, ignoring the repetition limit, as Chronos does); otherwise it stays.
    /// `Rn` becomes `R(n − runs)` (floored at 0) however many slots were passed; `R` stays `R`;
    /// `R0` is returned unchanged (Chronos would turn it into `R-1`, i.e. infinite). When the
    /// result `isExhausted` the caller disables the job. Slots moved past are not
    /// reported here: use `missedRuns` to record them.
    ///
    /// The rewrite re-anchors the schedule at the new start, as Chronos does: if that slot's day was
    /// clamped (Jan 31 + P1M → Feb 28), later slots follow the new day (Mar 28).
    public func advancedPast(_ now: Date, runs: Int = 1) -> ISO8601Schedule {
        guard !isExhausted else { return self }
        let remaining = repetitions.map { max($0 - max(runs, 0), 0) }
        let instant = now.epochMillis
        guard startMillis < instant else { return moved(to: nominalStart, at: startMillis, repetitions: remaining) }
        guard let index = firstIndex(after: instant), let slot = occurrenceMillis(index),
              let nominal = nominalOccurrence(index) else {
            return moved(to: nominalStart, at: startMillis, repetitions: 0)  // past year 9999: nothing left
        }
        // Without an exact part keep the nominal calendar time (clamped days and DST-gap times as
        // written); otherwise store the slot's wall-clock reading.
        let fields = period.exactMillis == 0 ? nominal : LocalDateTime(localMillis: wallClock.localMillis(of: slot))
        return moved(to: fields, at: slot, repetitions: remaining)
    }

    private func moved(to nominalStart: LocalDateTime, at start: Int64, repetitions: Int?) -> ISO8601Schedule {
        ISO8601Schedule(repetitions: repetitions, period: period, nominalStart: nominalStart,
                        wallClock: wallClock, scheduleTimeZone: scheduleTimeZone, startMillis: start)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSS±HH:mm` or `…Z`, the offset being the one in force at `instant`
    /// (for a wall time inside a gap, the offset before the gap: see `WallClock.displayOffsetMillis`).
    static func format(_ local: LocalDateTime, at instant: Int64, clock: WallClock) -> String {
        let offsetMinutes = Int(clock.displayOffsetMillis(for: local.localMillis, at: instant) / 60_000)
        let date = "\(pad(local.year, 4))-\(pad(local.month, 2))-\(pad(local.day, 2))"
        let time = "\(pad(local.hour, 2)):\(pad(local.minute, 2)):\(pad(local.second, 2)).\(pad(local.millisecond, 3))"
        guard offsetMinutes != 0 else { return "\(date)T\(time)Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        return "\(date)T\(time)\(sign)\(pad(abs(offsetMinutes) / 60, 2)):\(pad(abs(offsetMinutes) % 60, 2))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(width - digits.count, 0)) + digits
    }
}
