import Foundation

// Inside the schedule engine an instant is a whole number of milliseconds since
// 1970-01-01T00:00:00Z (Chronos's resolution). `Date` appears only at the public boundary.

extension Date {
    /// This instant in whole milliseconds, floored. The value is first rounded to the
    /// microsecond so that a `Date` built from whole milliseconds converts back exactly
    /// despite `Date`'s floating-point storage.
    var epochMillis: Int64 {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded()
        let clamped = min(max(micros, -9.0e18), 9.0e18)
        return Int64((clamped / 1000).rounded(.down))
    }

    /// The instant `epochMillis` milliseconds after 1970-01-01T00:00:00Z.
    init(epochMillis: Int64) {
        self.init(timeIntervalSince1970: Double(epochMillis) / 1000)
    }
}

/// Floor division for possibly negative numerators (Swift's `/` truncates toward zero).
func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}

/// Ceiling division for possibly negative numerators.
func ceilDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
    -floorDiv(-value, divisor)
}
