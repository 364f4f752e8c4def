import AgoraModel
import Allocator
import Testing

@Suite struct QuotaTests {
    @Test func guaranteesAreMetFirstAndChopOffers() {
        var allocator = Allocator.testing()
        let quota = r("cpus:1;mem:1024").quantities
        allocator.setQuota(Quota(guarantees: quota, limits: quota), for: "small")
        allocator.addFramework("s", roles: ["small"])
        allocator.addFramework("z", roles: ["other"])
        allocator.addAgent("a1", total: r("cpus:2;mem:2048"))
        let grants = allocator.allocate(now: at(1))
        // Stage 1 gives "small" exactly its guarantee; stage 2 gives the rest to "other".
        #expect(grants.count == 2)
        #expect(grants.grant(for: "s")!.resources.unallocated == r("cpus:1;mem:1024"))
        #expect(grants.grant(for: "z")!.resources.unallocated == r("cpus:1;mem:1024"))
    }

    @Test func limitsAreNeverExceeded() {
        var allocator = Allocator.testing()
        allocator.setQuota(Quota(limits: r("cpus:3").quantities), for: "capped")
        allocator.addFramework("c", roles: ["capped"])
        allocator.addAgent("a1", total: r("cpus:2;mem:100"))
        allocator.addAgent("a2", total: r("cpus:2;mem:100"))
        let grants = allocator.allocate(now: at(1))
        let cpus = grants.reduce(Scalar.zero) { $0 + $1.resources.scalar("cpus") }
        #expect(cpus == Scalar(3))
        #expect(allocator.allocate(now: at(2)).isEmpty)
    }

    @Test func headroomKeepsGuaranteedResourcesFromOtherRoles() {
        var allocator = Allocator.testing()
        allocator.setQuota(Quota(guarantees: r("cpus:3").quantities), for: "vip")
        allocator.addFramework("other", roles: ["*"])
        allocator.addAgent("a1", total: r("cpus:2;mem:100"))
        allocator.addAgent("a2", total: r("cpus:2;mem:100"))
        // vip has no framework yet, but its 3 cpus must stay free: only 1 cpu may go elsewhere.
        let grants = allocator.allocate(now: at(1))
        #expect(grants.reduce(Scalar.zero) { $0 + $1.resources.scalar("cpus") } == Scalar(1))
        allocator.addFramework("v", roles: ["vip"])
        let vip = allocator.allocate(now: at(2))
        #expect(vip.allSatisfy { $0.frameworkID == "v" })
        #expect(vip.reduce(Scalar.zero) { $0 + $1.resources.scalar("cpus") } == Scalar(3))
    }

    @Test func largeAndSmallQuotaShapeSatisfiesEveryRole() {
        // Mesos LargeAndSmallQuota in miniature: 12 agents of cpus:2, 10 small roles of
        // cpus:1 and 2 large roles of cpus:4 -> 10 + 2*2 = 14 offers.
        var allocator = Allocator.testing()
        let small = r("cpus:1;mem:1024;disk:1024").quantities
        let large = r("cpus:4;mem:4096;disk:4096").quantities
        for index in 0..<10 {
            allocator.setQuota(Quota(guarantees: small, limits: small), for: "small\(index)")
            allocator.addFramework(FrameworkID("fs\(index)"), roles: ["small\(index)"])
        }
        for index in 0..<2 {
            allocator.setQuota(Quota(guarantees: large, limits: large), for: "large\(index)")
            allocator.addFramework(FrameworkID("fl\(index)"), roles: ["large\(index)"])
        }
        for index in 0..<12 { allocator.addAgent(AgentID("a\(index)"), total: r("cpus:2;mem:2048;disk:2048")) }
        let grants = allocator.allocate(now: at(1))
        #expect(grants.count == 14)
        for index in 0..<10 {
            let held = grants.filter { $0.frameworkID == FrameworkID("fs\(index)") }
            #expect(held.reduce(Scalar.zero) { $0 + $1.resources.scalar("cpus") } == Scalar(1))
        }
        for index in 0..<2 {
            let held = grants.filter { $0.frameworkID == FrameworkID("fl\(index)") }
            #expect(held.reduce(Scalar.zero) { $0 + $1.resources.scalar("cpus") } == Scalar(4))
        }
        #expect(allocator.allocate(now: at(2)).isEmpty)
    }
}
