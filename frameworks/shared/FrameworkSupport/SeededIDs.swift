/// Deterministic UUID-shaped IDs from a seed (SplitMix64). The shell seeds it from real
/// randomness; tests seed it with a constant. Lives inside the core's state, so it is
/// persisted with nothing and reseeded on recovery.
public struct SeededIDs: Hashable, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { self.state = seed }

    /// The next 64 random bits.
    public mutating func next64() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A version-4-shaped UUID string, lower case.
    public mutating func uuid() -> String {
        let high = self.next64()
        let low = self.next64()
        let hex = Self.hex(high, 16) + Self.hex(low, 16)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }

    /// A uniformly distributed integer in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(self.next64() % UInt64(bound))
    }

    private static func hex(_ value: UInt64, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: width - text.count) + text
    }
}
