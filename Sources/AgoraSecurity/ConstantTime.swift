/// Comparisons whose time does not depend on where two secrets differ (Mesos compared
/// passwords with a plain `!=`, which leaks the length of a matching prefix).
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes; the time depends only on their lengths.
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        difference |= a.count == b.count ? 0 : 1
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// `equal` over the strings' UTF-8 bytes.
    public static func equal(_ a: String, _ b: String) -> Bool { Self.equal(Array(a.utf8), Array(b.utf8)) }
}
