import AgoraModel
import Allocator
import Testing

@Suite struct FilterTests {
    func declined(_ seconds: Double?) -> (Allocator, OfferGrant) {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"])
        allocator.addAgent("s1", total: r("cpus:4;mem:400"))
        let grant = allocator.allocate(now: at(0))[0]
        allocator.recoverResources(grant.resources, of: "a", on: "s1", refuseSeconds: seconds, now: at(0))
        return (allocator, grant)
    }

    @Test func aDeclineFiltersUntilItExpires() {
        var (allocator, _) = self.declined(10)
        #expect(allocator.allocate(now: at(1)).isEmpty)
        #expect(allocator.allocate(now: at(9.999)).isEmpty)
        #expect(allocator.allocate(now: at(10)).pairs == ["a@s1"])
        #expect(allocator.filterCount == 0)
    }

    @Test func negativeRefusalMeansTheFiveSecondDefault() {
        var (allocator, _) = self.declined(-1)
        #expect(allocator.allocate(now: at(4.9)).isEmpty)
        #expect(allocator.allocate(now: at(5)).count == 1)
    }

    @Test func noRefusalIsShorterThanTheAllocationInterval() {
        var (allocator, _) = self.declined(0.1)
        #expect(allocator.allocate(now: at(0.5)).isEmpty)
        #expect(allocator.allocate(now: at(1)).count == 1)
    }

    @Test func zeroOrNilRefusalSetsNoFilter() {
        var (allocator, _) = self.declined(0)
        #expect(allocator.allocate(now: at(0)).count == 1)
        var (other, _) = self.declined(nil)
        #expect(other.allocate(now: at(0)).count == 1)
    }

    @Test func aFilterOnlyCoversWhatWasRefused() {
        var (allocator, grant) = self.declined(60)
        // The agent gains resources: the refused set no longer contains the new offer.
        allocator.updateAgent("s1", total: r("cpus:8;mem:400"))
        let again = allocator.allocate(now: at(1))
        #expect(again.count == 1)
        #expect(again[0].resources.unallocated == r("cpus:8;mem:400"))
        #expect(again[0].resources != grant.resources)
    }

    @Test func otherFrameworksAreOfferedWhatOneRefused() {
        var (allocator, _) = self.declined(60)
        allocator.addFramework("b", roles: ["*"])
        #expect(allocator.allocate(now: at(1)).pairs == ["b@s1"])
    }

    @Test func reviveClearsFilters() {
        var (allocator, _) = self.declined(3600)
        allocator.revive("a")
        #expect(allocator.allocate(now: at(1)).pairs == ["a@s1"])
    }

    @Test func longRefusalsAreCappedAtAYear() {
        var (allocator, _) = self.declined(1e12)
        let year = 365.0 * 86_400
        #expect(allocator.allocate(now: at(year - 1)).isEmpty)
        #expect(allocator.allocate(now: at(year)).count == 1)
    }

    @Test func suppressStopsOffersAndReviveResumes() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*", "web"])
        allocator.addAgent("s1", total: r("cpus:1;mem:64"))
        allocator.suppress("a")
        #expect(allocator.allocate(now: at(1)).isEmpty)
        allocator.revive("a", roles: ["web"])
        let grants = allocator.allocate(now: at(2))
        #expect(grants.pairs == ["a@s1"])
        #expect(grants[0].role == "web")
    }
}
