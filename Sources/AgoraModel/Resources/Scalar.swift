/// A scalar resource quantity in fixed point with three decimal digits, as Mesos keeps them.
///
/// Doubles from the wire are rounded to the nearest thousandth on the way in, so that
/// `0.1 + 0.2 == 0.3` and repeated add/subtract never drifts.
public struct Scalar: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The quantity in thousandths.
    public var milli: Int64

    public init(milli: Int64) { self.milli = milli }

    /// Rounds `value` to the nearest thousandth.
    public init(_ value: Double) {
        self.milli = Int64((value * 1000).rounded())
    }

    public static let zero = Scalar(milli: 0)

    /// The quantity as a double, for the wire.
    public var doubleValue: Double { Double(self.milli) / 1000 }

    public var isZero: Bool { self.milli == 0 }
    public var isPositive: Bool { self.milli > 0 }

    public static func + (lhs: Scalar, rhs: Scalar) -> Scalar { Scalar(milli: lhs.milli + rhs.milli) }
    public static func - (lhs: Scalar, rhs: Scalar) -> Scalar { Scalar(milli: lhs.milli - rhs.milli) }
    public static func += (lhs: inout Scalar, rhs: Scalar) { lhs.milli += rhs.milli }
    public static func -= (lhs: inout Scalar, rhs: Scalar) { lhs.milli -= rhs.milli }
    public static func < (lhs: Scalar, rhs: Scalar) -> Bool { lhs.milli < rhs.milli }

    /// `"4"`, `"0.5"`, `"1.125"`: no trailing zeros, as the agent flag format writes them.
    public var description: String {
        let sign = self.milli < 0 ? "-" : ""
        let magnitude = self.milli.magnitude
        let whole = magnitude / 1000
        var fraction = magnitude % 1000
        guard fraction != 0 else { return "\(sign)\(whole)" }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let padded = String(repeating: "0", count: digits - String(fraction).count) + String(fraction)
        return "\(sign)\(whole).\(padded)"
    }
}
