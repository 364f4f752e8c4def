import OfferMatching
import Testing

@Suite struct PortAssignmentTests {
    @Test func dynamicPortsAreLowestFreeFirst() throws {
        var pool = OfferPool(offer("o1", ports: [ValueRange(31005, 31006), ValueRange(31000, 31001)]))
        let first = try pool.take(ResourceDemand(cpus: 0.1, mem: 1, ports: [.any, .any])).get()
        let second = try pool.take(ResourceDemand(cpus: 0.1, mem: 1, ports: [.any])).get()
        // ranges sorted: 31000-31001, 31005-31006
        #expect(first.ports == [31000, 31001])
        #expect(second.ports == [31005])
    }

    @Test func requiredPortsMustBeOffered() throws {
        var pool = OfferPool(offer("o1", ports: [ValueRange(31000, 31009)]))
        let demand = ResourceDemand(cpus: 0.1, mem: 1, ports: [.exact(31005), .exact(80)])
        #expect(pool.rejections(for: demand) == [.insufficientPorts(needed: 2, available: 10, missing: [80])])
        let fits = try pool.take(ResourceDemand(cpus: 0.1, mem: 1, ports: [.exact(31005)])).get()
        #expect(fits.ports == [31005])
    }

    @Test func secondTaskWithTheSameRequiredPortConflicts() throws {
        var pool = OfferPool(offer("o1", ports: [ValueRange(31000, 31009)]))
        let demand = ResourceDemand(cpus: 0.1, mem: 1, ports: [.exact(31003)])
        _ = try pool.take(demand).get()
        // 31003 is taken now: 9 ports left but not the one required
        #expect(pool.rejections(for: demand) == [.insufficientPorts(needed: 1, available: 9, missing: [31003])])
    }

    @Test func dynamicPortsSkipThePortsRequiredByTheSameTask() throws {
        var pool = OfferPool(offer("o1", ports: [ValueRange(31000, 31002)]))
        let allocation = try pool.take(ResourceDemand(cpus: 0.1, mem: 1, ports: [.any, .exact(31000)])).get()
        // PORT0 dynamic must not grab 31000, which PORT1 requires
        #expect(allocation.ports == [31001, 31000])
    }

    @Test func duplicateRequiredPortsNeverFit() {
        let pool = OfferPool(offer("o1"))
        #expect(pool.rejections(for: ResourceDemand(cpus: 0.1, mem: 1, ports: [.exact(31000), .exact(31000)])).map(\.reason) == [.insufficientPorts])
    }

    @Test func rangeHelpersMergeAndSplit() {
        #expect(ValueRange.merged([ValueRange(5, 6), ValueRange(1, 2), ValueRange(3, 3)]) == [ValueRange(1, 3), ValueRange(5, 6)])
        #expect(ValueRange.removing(3, from: [ValueRange(1, 5)]) == [ValueRange(1, 2), ValueRange(4, 5)])
        #expect(ValueRange.removing(1, from: [ValueRange(1, 1)]) == [])
    }
}
