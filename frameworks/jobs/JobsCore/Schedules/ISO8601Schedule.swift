import Foundation

/// Chronos's schedule, `R[n]/<start>/<period>`, evaluated in a wall-clock zone.
///
/// Occurrence `k` (k = 0, 1, …, and k < n when `Rn`) is always computed from the start, never
/// from the previous occurrence, so month-end clamping does not drift:
/// 1. the calendar part of `k · period` (years, then months, each clamping the day to the month's
///    length as Joda does, then weeks and days) is added to the start's nominal wall-clock fields;
/// 2. that wall-clock time is resolved in the zone by `WallClock`'s DST rules (a time in a
///    spring-forward gap fires at the gap's end; a repeated time fires at its first occurrence);
/// 3. `k ×` the exact part (hours, minutes, seconds) is added as elapsed time.
///
/// So `P1M` from Jan 31 gives Feb 28/29, Mar 31, Apr 30, …; `P1D` keeps the wall-clock time
/// across DST; `PT1H` is elapsed time and fires every 3600 s even through DST changes
/// (24 nominal hours plus or minus one on change days).
///
/// The zone is `scheduleTimeZone` when given; otherwise the fixed offset written in the start,
/// or UTC when the start has none (Chronos would use the JVM's default zone, in practice UTC).
public struct ISO8601Schedule: Schedule, Hashable {
    /// Remaining repetitions: nil for `R` (forever); 0 for `R0` (exhausted: never fires).
    public let repetitions: Int?
    /// The period between occurrences.
    public let period: ISO8601Period
    /// The IANA zone given as `scheduleTimeZone`, or nil when none was.
    public let scheduleTimeZone: String?

    /// The start's wall-clock fields, as written (or as reinterpreted in `scheduleTimeZone`).
    let nominalStart: LocalDateTime
    let wallClock: WallClock
    let startMillis: Int64

    /// `startMillis` pins the first occurrence when the wall time alone is ambiguous (a repeated
    /// hour whose second pass was meant); by default the wall time is resolved by the DST rules.
    init(repetitions: Int?, period: ISO8601Period, nominalStart: LocalDateTime,
         wallClock: WallClock, scheduleTimeZone: String?, startMillis: Int64? = nil) {
        self.repetitions = repetitions
        self.period = period
        self.nominalStart = nominalStart
        self.wallClock = wallClock
        self.scheduleTimeZone = scheduleTimeZone
        self.startMillis = startMillis ?? wallClock.resolve(nominalStart.localMillis)
    }

    /// The first occurrence (the start, resolved in the zone).
    public var start: Date { Date(epochMillis: startMillis) }

    /// True for `R0`: the schedule never fires again; Chronos disables such a job.
    public var isExhausted: Bool { repetitions == 0 }

    /// The first occurrence strictly after `instant`, honouring `repetitions`.
    public func next(after instant: Date) -> Date? {
        guard let index = firstIndex(after: instant.epochMillis),
              repetitions.map({ index < $0 }) ?? true,
              let millis = occurrenceMillis(index) else { return nil }
        return Date(epochMillis: millis)
    }

    /// Occurrence number `index` (0 is the start), ignoring `repetitions`; nil past year 9999.
    public func occurrence(_ index: Int) -> Date? {
        occurrenceMillis(index).map(Date.init(epochMillis:))
    }

    /// The wall-clock time of occurrence `index` before the exact part is added.
    func nominalOccurrence(_ index: Int) -> LocalDateTime? {
        guard period.hasCalendarPart else { return nominalStart }
        let (months, monthsOverflow) = period.months.multipliedReportingOverflow(by: index)
        let (years, yearsOverflow) = period.years.multipliedReportingOverflow(by: index)
        let (days, daysOverflow) = (period.weeks * 7 + period.days).multipliedReportingOverflow(by: index)
        guard !monthsOverflow, !yearsOverflow, !daysOverflow, years <= LocalDateTime.maximumYear else { return nil }
        return nominalStart.addingMonths(years * 12)?.addingMonths(months)?.addingDays(days)
    }

    func occurrenceMillis(_ index: Int) -> Int64? {
        guard index >= 0, let nominal = nominalOccurrence(index) else { return nil }
        let base = period.hasCalendarPart && index > 0 ? wallClock.resolve(nominal.localMillis) : startMillis
        let (exact, overflow) = period.exactMillis.multipliedReportingOverflow(by: Int64(index))
        guard !overflow, exact <= Self.maximumSpanMillis else { return nil }
        return base + exact
    }

    /// Smallest index whose occurrence is strictly after `instant`, ignoring `repetitions`.
    /// Starts from an estimate using the period's average length; occurrences are monotonic in
    /// the index and the estimate is off by at most a step or two, so the loops are short.
    func firstIndex(after instant: Int64) -> Int? {
        guard startMillis <= instant else { return 0 }
        guard instant < Self.endOfYear9999 else { return nil }
        var index = Int((Double(instant - startMillis) / period.approximateMillis).rounded(.down))
        // Step back while the estimate overshoots (nil means past year 9999: also an overshoot).
        while index > 0, occurrenceMillis(index).map({ $0 > instant }) ?? true { index -= 1 }
        while true {
            index += 1
            guard let millis = occurrenceMillis(index) else { return nil }
            if millis > instant { return index }
        }
    }

    /// 10000-01-01T00:00:00Z.
    private static let endOfYear9999: Int64 = 253_402_300_800_000

    /// About 8000 years: any exact span beyond this is past the last representable year.
    private static let maximumSpanMillis: Int64 = 8000 * 31_556_952_000
}
