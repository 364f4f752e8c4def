import AgoraModel
import Testing

@Suite struct ResourcesArithmeticTests {
    @Test func subtractKeepsTheRestAndDropsEmptyEntries() throws {
        let total = try Resources.parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]")
        let used = try Resources.parse("cpus:16;mem:2014;disk:1024;ports:[31000-31015]")
        let free = total - used
        #expect(free == (try Resources.parse("cpus:8;mem:2082;disk:3072;ports:[31016-32000]")))
        #expect((total - total).isEmpty)
    }

    @Test func reservationsAndAllocationRolesKeepEntriesApart() throws {
        let resources = try Resources.parse("cpus:4;cpus(web):2")
        let offered = resources.allocated(to: "web")
        #expect(offered.count == 2)
        #expect(offered.allocationRoles == ["web"])
        #expect(!resources.contains(offered))
        #expect(offered.unallocated == resources)
        #expect(resources.allocatable(to: "web") == resources)
        #expect(resources.allocatable(to: "web/api") == resources)
        #expect(resources.allocatable(to: "db") == resources.unreserved)
    }

    @Test func quantitiesIgnoreIdentity() throws {
        let resources = try Resources.parse("cpus:4;cpus(web):2;mem:100;ports:[1-10]")
        #expect(resources.quantities == ResourceQuantities(["cpus": 6, "mem": 100]))
    }

    @Test func equalityIgnoresOrder() throws {
        #expect(try Resources.parse("cpus:1;mem:2") == Resources.parse("mem:2;cpus:1"))
        #expect(try Resources.parse("cpus:1;mem:2") != Resources.parse("mem:2;cpus:1.5"))
    }

    /// Property: with `b` disjoint from `a` in its ranges and sets, `a + b − b == a`;
    /// `a + b` always contains both; ranges stay disjoint.
    @Test(arguments: 0..<100)
    func addThenSubtractRoundTrips(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let a = Self.randomResources(&rng, portBase: 0)
        let b = Self.randomResources(&rng, portBase: 10_000)
        let sum = a + b
        #expect(sum - b == a, "seed \(seed): \(a) + \(b) - \(b) gave \(sum - b)")
        #expect(sum.contains(a) && sum.contains(b))
        #expect(sum.quantities == a.quantities + b.quantities)
        for resource in sum {
            if case .ranges(let ranges) = resource.value {
                for (left, right) in zip(ranges.ranges, ranges.ranges.dropFirst()) {
                    #expect(left.upperBound + 1 < right.lowerBound)
                }
            }
        }
    }

    static func randomResources(_ rng: inout SplitMix64, portBase: UInt64) -> Resources {
        var result = Resources()
        let roles = [nil, "web", "db/replica"]
        for name in ["cpus", "mem", "disk"] where Bool.random(using: &rng) {
            let role = roles.randomElement(using: &rng)!
            result.add(.scalar(name, Double(Int.random(in: 1...8000, using: &rng)) / 1000, role: role))
        }
        if Bool.random(using: &rng) {
            let low = portBase + UInt64.random(in: 0...5000, using: &rng)
            result.add(.ranges("ports", [low...(low + UInt64.random(in: 0...100, using: &rng))]))
        }
        if Bool.random(using: &rng) {
            result.add(.set("ids", ["id\(portBase + UInt64.random(in: 0...9, using: &rng))"]))
        }
        return result
    }
}
