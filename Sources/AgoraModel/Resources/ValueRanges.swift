/// A set of unsigned integers stored as sorted, disjoint, non-adjacent closed ranges
/// (the shape of Mesos `Value.Ranges`, e.g. ports `[31000-32000]`).
///
/// Every operation keeps the invariant, so two equal sets always have equal storage.
public struct ValueRanges: Hashable, Sendable, CustomStringConvertible {
    /// The ranges, sorted by lower bound; no two overlap or touch.
    public private(set) var ranges: [ClosedRange<UInt64>]

    public init() { self.ranges = [] }

    /// Builds the normalized set covering every given range (any order, overlaps allowed).
    public init(_ ranges: some Sequence<ClosedRange<UInt64>>) {
        self.ranges = Self.normalize(Array(ranges))
    }

    public var isEmpty: Bool { self.ranges.isEmpty }

    /// How many integers the set holds.
    public var count: UInt64 {
        self.ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) }
    }

    /// `[31000-32000,33000-34000]`, the agent flag format.
    public var description: String {
        "[" + self.ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",") + "]"
    }

    public func contains(_ value: UInt64) -> Bool {
        guard let index = self.lastIndex(startingAtOrBefore: value) else { return false }
        return self.ranges[index].contains(value)
    }

    /// Whether every integer of `other` is in this set.
    public func contains(_ other: ValueRanges) -> Bool {
        other.ranges.allSatisfy { range in
            guard let index = self.lastIndex(startingAtOrBefore: range.lowerBound) else { return false }
            return self.ranges[index].upperBound >= range.upperBound
        }
    }

    /// Part `index` of `parts` equal, disjoint parts, in order (the integers left over by an
    /// uneven split belong to no part): how agents on one host split one port range.
    public func part(_ index: Int, of parts: Int) -> ValueRanges {
        precondition(parts > 0 && (0..<parts).contains(index), "part \(index) of \(parts)")
        let each = self.count / UInt64(parts)
        var skip = each * UInt64(index)
        var take = each
        var result: [ClosedRange<UInt64>] = []
        for range in self.ranges where take > 0 {
            let size = range.upperBound - range.lowerBound + 1
            if skip >= size {
                skip -= size
                continue
            }
            let first = range.lowerBound + skip
            let last = first + min(take, size - skip) - 1
            result.append(first...last)
            take -= last - first + 1
            skip = 0
        }
        return ValueRanges(result)
    }

    public static func + (lhs: ValueRanges, rhs: ValueRanges) -> ValueRanges {
        if lhs.isEmpty { return rhs }
        if rhs.isEmpty { return lhs }
        var result = ValueRanges()
        result.ranges = Self.merge(lhs.ranges, rhs.ranges)
        return result
    }

    /// The integers of `lhs` that are not in `rhs`.
    public static func - (lhs: ValueRanges, rhs: ValueRanges) -> ValueRanges {
        if lhs.isEmpty || rhs.isEmpty { return lhs }
        var result = ValueRanges()
        result.ranges = Self.difference(lhs.ranges, rhs.ranges)
        return result
    }

    public static func += (lhs: inout ValueRanges, rhs: ValueRanges) { lhs = lhs + rhs }
    public static func -= (lhs: inout ValueRanges, rhs: ValueRanges) { lhs = lhs - rhs }

    // MARK: - Internals

    /// Index of the last range whose lower bound is ≤ `value` (binary search).
    private func lastIndex(startingAtOrBefore value: UInt64) -> Int? {
        var low = 0
        var high = self.ranges.count
        while low < high {
            let mid = (low + high) / 2
            if self.ranges[mid].lowerBound <= value { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }

    private static func normalize(_ input: [ClosedRange<UInt64>]) -> [ClosedRange<UInt64>] {
        let sorted = input.sorted { $0.lowerBound < $1.lowerBound }
        var result: [ClosedRange<UInt64>] = []
        result.reserveCapacity(sorted.count)
        for range in sorted {
            Self.appendCoalescing(range, to: &result)
        }
        return result
    }

    /// Appends a range whose lower bound is ≥ every lower bound already in `result`.
    private static func appendCoalescing(_ range: ClosedRange<UInt64>, to result: inout [ClosedRange<UInt64>]) {
        if let last = result.last, last.upperBound == .max || range.lowerBound <= last.upperBound + 1 {
            result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
        } else {
            result.append(range)
        }
    }

    private static func merge(_ a: [ClosedRange<UInt64>], _ b: [ClosedRange<UInt64>]) -> [ClosedRange<UInt64>] {
        var result: [ClosedRange<UInt64>] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            let takeA = j == b.count || (i < a.count && a[i].lowerBound <= b[j].lowerBound)
            Self.appendCoalescing(takeA ? a[i] : b[j], to: &result)
            if takeA { i += 1 } else { j += 1 }
        }
        return result
    }

    private static func difference(_ a: [ClosedRange<UInt64>], _ b: [ClosedRange<UInt64>]) -> [ClosedRange<UInt64>] {
        var result: [ClosedRange<UInt64>] = []
        var j = 0
        for range in a {
            var low = range.lowerBound
            let high = range.upperBound
            var exhausted = false
            while j < b.count && b[j].upperBound < low { j += 1 }
            var k = j
            while k < b.count && b[k].lowerBound <= high {
                if b[k].lowerBound > low { result.append(low...(b[k].lowerBound - 1)) }
                if b[k].upperBound >= high {
                    exhausted = true
                    break
                }
                low = b[k].upperBound + 1
                k += 1
            }
            if !exhausted { result.append(low...high) }
        }
        return result
    }
}
