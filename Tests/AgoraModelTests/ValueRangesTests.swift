import AgoraModel
import Testing

@Suite struct ValueRangesTests {
    @Test func normalizesOverlappingAndAdjacentRanges() {
        let ranges = ValueRanges([5...7, 1...2, 3...4, 10...12, 11...15])
        #expect(ranges.ranges == [1...7, 10...15])
        #expect(ranges.count == 13)
        #expect(ranges.description == "[1-7,10-15]")
    }

    @Test func subtractSplitsRanges() {
        let ports = ValueRanges([31000...32000])
        let used = ValueRanges([31000...31000, 31500...31600, 32000...32000])
        #expect((ports - used).ranges == [31001...31499, 31601...31999])
        #expect((ports - ports).isEmpty)
        #expect((ports - ValueRanges([1...10])) == ports)
    }

    @Test func addMergesAcrossBoundaries() {
        let merged = ValueRanges([1...3, 10...12]) + ValueRanges([4...9, 20...20])
        #expect(merged.ranges == [1...12, 20...20])
    }

    @Test func containment() {
        let ports = ValueRanges([31000...32000, 40000...40010])
        #expect(ports.contains(ValueRanges([31000...31005, 40010...40010])))
        #expect(!ports.contains(ValueRanges([31999...32001])))
        #expect(!ports.contains(ValueRanges([32001...32001])))
        #expect(ports.contains(ValueRanges()))
        #expect(ports.contains(31500))
        #expect(!ports.contains(35000))
    }

    @Test func handlesExtremes() {
        let all = ValueRanges([0...UInt64.max])
        #expect((all - ValueRanges([0...0])).ranges == [1...UInt64.max])
        #expect((all - ValueRanges([UInt64.max...UInt64.max])).ranges == [0...(UInt64.max - 1)])
        #expect(ValueRanges([0...(UInt64.max - 1), UInt64.max...UInt64.max]).ranges == [0...UInt64.max])
    }

    /// Property: arithmetic never leaves overlapping, touching or unsorted ranges, and agrees
    /// with plain set arithmetic on the integers.
    @Test(arguments: 0..<50)
    func arithmeticKeepsRangesDisjointAndAgreesWithSets(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let a = Self.randomRanges(&rng)
        let b = Self.randomRanges(&rng)
        for result in [a + b, a - b, b - a, (a + b) - a] {
            Self.expectNormalized(result)
        }
        #expect(Self.members(a + b) == Self.members(a).union(Self.members(b)))
        #expect(Self.members(a - b) == Self.members(a).subtracting(Self.members(b)))
        #expect((a + b).contains(a) && (a + b).contains(b))
        #expect(a.contains(b) == Self.members(a).isSuperset(of: Self.members(b)))
    }

    @Test func partsSplitTheSetEvenlyAcrossRanges() {
        let ports = ValueRanges([31000...31004, 31010...31014])  // 10 ports
        #expect(ports.part(0, of: 2) == ValueRanges([31000...31004]))
        #expect(ports.part(1, of: 2) == ValueRanges([31010...31014]))
        #expect(ports.part(1, of: 3) == ValueRanges([31003...31004, 31010...31010]), "3 each: 31003, 31004, 31010")
        #expect(ports.part(2, of: 3) == ValueRanges([31011...31013]), "31014 is left over")
        #expect(ports.part(0, of: 1) == ports)
        #expect(ValueRanges([1...2]).part(2, of: 3).isEmpty, "fewer integers than parts")
    }

    @Test(arguments: 0..<50) func partsAreDisjointAndEqual(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let set = Self.randomRanges(&rng)
        let parts = Int.random(in: 1...5, using: &rng)
        let pieces = (0..<parts).map { set.part($0, of: parts) }
        var seen = Set<UInt64>()
        for piece in pieces {
            Self.expectNormalized(piece)
            #expect(piece.count == set.count / UInt64(parts))
            #expect(set.contains(piece))
            #expect(seen.isDisjoint(with: Self.members(piece)))
            seen.formUnion(Self.members(piece))
        }
    }

    static func randomRanges(_ rng: inout SplitMix64) -> ValueRanges {
        let count = Int.random(in: 0...6, using: &rng)
        return ValueRanges((0..<count).map { _ in
            let low = UInt64.random(in: 0...200, using: &rng)
            return low...(low + UInt64.random(in: 0...20, using: &rng))
        })
    }

    static func members(_ ranges: ValueRanges) -> Set<UInt64> {
        Set(ranges.ranges.flatMap { Array($0) })
    }

    static func expectNormalized(_ ranges: ValueRanges) {
        for (left, right) in zip(ranges.ranges, ranges.ranges.dropFirst()) {
            #expect(left.upperBound + 1 < right.lowerBound, "\(ranges) has overlapping or touching ranges")
        }
    }
}
