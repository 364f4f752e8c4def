import Foundation

/// Converts between instants and wall-clock times of one time zone, applying Agora's DST rules:
///
/// - A wall-clock time that does not exist (inside a spring-forward gap) resolves to the first
///   valid instant after the gap: 02:30 on a 02:00→03:00 day resolves to 03:00 local.
/// - A wall-clock time that occurs twice (fall-back) resolves to its first occurrence.
///
/// Offsets come from `TimeZone.secondsFromGMT(for:)` (tzdata); everything else is integer
/// arithmetic on epoch and local milliseconds. Assumes at most one offset change within a day
/// of any instant, which holds for every current tzdata zone.
struct WallClock: Hashable, Sendable {
    let zone: TimeZone

    private static let day: Int64 = 86_400_000

    /// The zone's UTC offset at `instant`, in milliseconds.
    func offsetMillis(at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(epochMillis: instant))) * 1000
    }

    /// The wall-clock reading (local milliseconds) at `instant`.
    func localMillis(of instant: Int64) -> Int64 {
        instant + offsetMillis(at: instant)
    }

    /// The instant a wall-clock time denotes, by the DST rules above.
    func resolve(_ local: Int64) -> Int64 {
        let early = offsetMillis(at: local - Self.day)
        let late = offsetMillis(at: local + Self.day)
        let first = local - early, second = local - late
        let firstValid = offsetMillis(at: first) == early
        let secondValid = offsetMillis(at: second) == late
        switch (firstValid, secondValid) {
        case (true, true): return min(first, second)  // repeated time: first occurrence
        case (true, false): return first
        case (false, true): return second
        case (false, false) where early != late:
            return firstInstant(reaching: local, from: min(first, second), to: max(first, second))
        case (false, false):
            // Two changes within a day (not in current tzdata): fall back to the offset found there.
            let found = offsetMillis(at: first)
            return local - found
        }
    }

    /// The smallest wall-clock time whose resolved instant is strictly after `instant`.
    /// Normally one millisecond after the local reading of `instant`; inside the second pass of a
    /// repeated (fall-back) interval it is the end of that interval, because every earlier wall
    /// time resolves to its first occurrence, which has already passed.
    func earliestLocal(resolvingAfter instant: Int64) -> Int64 {
        let candidate = localMillis(of: instant) + 1
        if resolve(candidate) > instant { return candidate }
        let transition = latestTransition(atOrBefore: instant)
        return transition + offsetMillis(at: transition - 1)
    }

    /// The offset written next to a wall-clock time that denotes `instant`: the offset in force
    /// then, or, for a time inside a gap (which has no offset), the offset before the gap, so that
    /// the written wall-clock fields stay the nominal ones.
    func displayOffsetMillis(for local: Int64, at instant: Int64) -> Int64 {
        let offset = offsetMillis(at: instant)
        return instant + offset == local ? offset : offsetMillis(at: instant - 1)
    }

    /// Binary search for the first instant in `[low, high]` whose wall-clock reading is at or
    /// after `local` (used for times inside a gap: the answer is the gap's end).
    private func firstInstant(reaching local: Int64, from low: Int64, to high: Int64) -> Int64 {
        var (low, high) = (low, high)
        while low < high {
            let middle = low + (high - low) / 2
            if localMillis(of: middle) >= local { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The instant at which the offset in force at `instant` took effect (searching one day back).
    private func latestTransition(atOrBefore instant: Int64) -> Int64 {
        let current = offsetMillis(at: instant)
        var (low, high) = (instant - Self.day, instant)
        while low < high {
            let middle = low + (high - low) / 2
            if offsetMillis(at: middle) == current { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
