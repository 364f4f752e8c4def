import OfferMatching
import Testing

@Suite struct ConstraintBalancerTests {
    func candidates(_ racks: [(String, String)]) -> [(id: String, placement: Placement)] {
        racks.map { (id: $0.0, placement: at("h-\($0.0)", ["rack": .text($0.1)])) }
    }

    @Test func killsFromTheLargestGroupFirst() {
        // r1: a b c, r2: d -> killing two from r1 leaves r1: 1, r2: 1
        let picked = ConstraintBalancer.instancesToKill(
            self.candidates([("a", "r1"), ("b", "r1"), ("c", "r1"), ("d", "r2")]), count: 2,
            constraints: [constraint("rack", "GROUP_BY")])
        #expect(picked == ["a", "b"])
    }

    @Test func evenDistributionsFallBackToCandidateOrder() {
        // r1: a b, r2: c d -> any first kill leaves a difference of 1 (tolerated); then the bigger group
        let picked = ConstraintBalancer.instancesToKill(
            self.candidates([("a", "r1"), ("b", "r1"), ("c", "r2"), ("d", "r2")]), count: 2,
            constraints: [constraint("rack", "GROUP_BY")])
        // after killing a: r1 = 1, r2 = 2 -> next from r2: c
        #expect(picked == ["a", "c"])
    }

    @Test func withoutGroupByNothingIsPreferred() {
        let picked = ConstraintBalancer.instancesToKill(
            self.candidates([("a", "r1"), ("b", "r2")]), count: 1, constraints: [constraint("hostname", "UNIQUE")])
        #expect(picked.isEmpty)
    }

    @Test func killingEverythingReturnsEverything() {
        let picked = ConstraintBalancer.instancesToKill(
            self.candidates([("a", "r1"), ("b", "r2")]), count: 2, constraints: [])
        #expect(picked == ["a", "b"])
    }
}
