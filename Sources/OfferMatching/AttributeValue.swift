/// A Mesos agent attribute value.
public enum AttributeValue: Hashable, Sendable, Codable {
    case text(String)
    case scalar(Double)
    case ranges([ValueRange])
    case set([String])

    /// The text constraints compare, as Marathon formats it: scalars with at most three
    /// decimals rounded half-even and no trailing zeros (`DecimalFormat("0.###")`), ranges as
    /// `[a-b,c-d]` sorted by start, sets as `{a,b}` sorted.
    public var constraintText: String {
        switch self {
        case .text(let text): text
        case .scalar(let value): Self.formatScalar(value)
        case .ranges(let ranges):
            "[" + ranges.sorted { $0.begin < $1.begin }.map { "\($0.begin)-\($0.end)" }.joined(separator: ",") + "]"
        case .set(let items): "{" + items.sorted().joined(separator: ",") + "}"
        }
    }

    /// `value` to three decimals, half-even on the double's exact binary value (as Java's
    /// `DecimalFormat` does), trailing zeros dropped: 1.0005 -> "1", 1.1005 -> "1.101"
    /// (the double is slightly above 1.1005), 2.5 -> "2.5", 3.0 -> "3".
    public static func formatScalar(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        let magnitude = Self.roundedThousandths(abs(value))
        var text = String(magnitude / 1000)
        var fraction = String(magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return value < 0 && magnitude != 0 ? "-" + text : text
    }

    /// `value * 1000` rounded half-even, computed exactly from the double's bits.
    static func roundedThousandths(_ value: Double) -> UInt64 {
        guard value.isNormal else { return 0 }
        let mantissa = (UInt64(1) << 52) | value.significandBitPattern
        let shift = 52 - Int(value.exponent)
        if shift <= 0 { return mantissa * 1000 << UInt64(-shift) }
        let scaled = mantissa * 1000  // < 2^63
        guard shift < 64 else { return 0 }
        let quotient = scaled >> UInt64(shift)
        let remainder = scaled - (quotient << UInt64(shift))
        let half = UInt64(1) << UInt64(shift - 1)
        if remainder > half || (remainder == half && quotient % 2 == 1) { return quotient + 1 }
        return quotient
    }
}
