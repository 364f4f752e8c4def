import AgoraModel
import Allocator
import Testing

@Suite struct AllocationTests {
    @Test func offersEachAgentWholeToTheLowestShareFramework() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"])
        allocator.addFramework("b", roles: ["*"])
        allocator.addAgent("s1", total: r("cpus:4;mem:400;ports:[31000-32000]"))
        allocator.addAgent("s2", total: r("cpus:4;mem:400"))
        let grants = allocator.allocate(now: at(1))
        // Whichever agent comes first goes to a (share 0, name order); b then has the lower share.
        #expect(grants.count == 2)
        #expect(Set(grants.map(\.frameworkID)) == ["a", "b"])
        let toA = grants.grant(for: "a")!
        #expect(toA.resources.unallocated == allocator.total(of: toA.agentID))
        #expect(toA.resources.allocationRoles == ["*"])
        #expect(toA.role == "*")
        // Nothing left to offer.
        #expect(allocator.allocate(now: at(2)).isEmpty)
    }

    @Test func recoveredResourcesGoToWhoeverIsLowestNext() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"])
        allocator.addAgent("s1", total: r("cpus:4;mem:400"))
        let first = allocator.allocate(now: at(1))
        #expect(first.pairs == ["a@s1"])
        allocator.addFramework("b", roles: ["*"])
        // a holds the agent: b gets nothing until a returns it.
        #expect(allocator.allocate(now: at(2)).isEmpty)
        allocator.recoverResources(first[0].resources, of: "a", on: "s1", now: at(2))
        // shares: a = 0 (count 1), b = 0 (count 0) -> b
        #expect(allocator.allocate(now: at(3)).pairs == ["b@s1"])
    }

    @Test func usedResourcesAreNotOfferedAgain() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"])
        allocator.addAgent("s1", total: r("cpus:4;mem:400;ports:[31000-31010]"))
        let grant = allocator.allocate(now: at(1))[0]
        // The framework launches a task on part of the offer and returns the rest.
        let task = r("cpus:1;mem:100;ports:[31000-31000]").allocated(to: "*")
        allocator.recoverResources(grant.resources - task, of: "a", on: "s1", now: at(1))
        let again = allocator.allocate(now: at(2))
        #expect(again.count == 1)
        #expect(again[0].resources.unallocated == r("cpus:3;mem:300;ports:[31001-31010]"))
        #expect(allocator.allocated(to: "a", on: "s1") == grant.resources)
    }

    @Test func reservedResourcesGoOnlyToTheirRoleAndItsDescendants() {
        var allocator = Allocator.testing()
        allocator.addFramework("web", roles: ["web"])
        allocator.addAgent("s1", total: r("cpus:4;mem:400;cpus(db):2;mem(db):200"))
        let grants = allocator.allocate(now: at(1))
        #expect(grants.pairs == ["web@s1"])
        #expect(grants[0].resources.unallocated == r("cpus:4;mem:400"))
        allocator.addFramework("replica", roles: ["db/replica"])
        // db's reservation serves the sub-role db/replica.
        let more = allocator.allocate(now: at(2))
        #expect(more.pairs == ["replica@s1"])
        #expect(more[0].resources.unallocated == r("cpus(db):2;mem(db):200"))
        #expect(more[0].role == "db/replica")
    }

    @Test func oneAgentServesSeveralRolesWhenItHasReservations() {
        var allocator = Allocator.testing()
        allocator.addFramework("w", roles: ["web"])
        allocator.addFramework("d", roles: ["db"])
        allocator.addAgent("s1", total: r("cpus:4;mem:400;cpus(db):2;mem(db):200"))
        let grants = allocator.allocate(now: at(1))
        // The role sorted first (db: name order) takes everything allocatable to it,
        // including the unreserved part; web gets nothing.
        #expect(grants.pairs == ["d@s1"])
        #expect(grants[0].resources.unallocated == r("cpus:4;mem:400;cpus(db):2;mem(db):200"))
    }

    @Test func belowTheMinimumNothingIsOffered() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"])
        allocator.addAgent("s1", total: r("cpus:0.005;mem:31;disk:1000"))
        #expect(allocator.allocate(now: at(1)).isEmpty)
        allocator.updateAgent("s1", total: r("cpus:0.01;mem:31"))
        #expect(allocator.allocate(now: at(2)).count == 1)
    }

    @Test func inactiveFrameworksAndAgentsAreSkipped() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"], isActive: false)
        allocator.addAgent("s1", total: r("cpus:1;mem:64"), isActive: false)
        #expect(allocator.allocate(now: at(1)).isEmpty)
        allocator.setFrameworkActive("a", true)
        #expect(allocator.allocate(now: at(2)).isEmpty)
        allocator.setAgentActive("s1", true)
        #expect(allocator.allocate(now: at(3)).pairs == ["a@s1"])
    }

    @Test func agentsWithGPUsGoOnlyToGPUFrameworks() {
        var allocator = Allocator.testing()
        allocator.addFramework("plain", roles: ["*"])
        allocator.addAgent("gpu", total: r("cpus:4;mem:400;gpus:1"))
        #expect(allocator.allocate(now: at(1)).isEmpty)
        allocator.addFramework("ml", roles: ["*"], capabilities: [.gpuResources])
        #expect(allocator.allocate(now: at(2)).pairs == ["ml@gpu"])
    }

    @Test func aRunCanBeLimitedToSomeAgents() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"])
        allocator.addAgent("s1", total: r("cpus:1;mem:64"))
        allocator.addAgent("s2", total: r("cpus:1;mem:64"))
        #expect(allocator.allocate(now: at(1), agents: ["s2"]).pairs == ["a@s2"])
        #expect(allocator.allocate(now: at(1), agents: ["s2"]).isEmpty)
        #expect(allocator.allocate(now: at(1)).pairs == ["a@s1"])
    }

    @Test func theSameSeedGivesTheSameOffers() {
        func run(seed: UInt64) -> [OfferGrant] {
            var allocator = Allocator.testing { $0.seed = seed }
            for index in 0..<5 { allocator.addFramework(FrameworkID("f\(index)"), roles: ["*"]) }
            for index in 0..<20 { allocator.addAgent(AgentID("s\(index)"), total: r("cpus:2;mem:100")) }
            return allocator.allocate(now: at(1))
        }
        #expect(run(seed: 7) == run(seed: 7))
        #expect(run(seed: 7).map(\.agentID) != run(seed: 8).map(\.agentID))
    }

    @Test func removingAnAgentForgetsItsAllocations() {
        var allocator = Allocator.testing()
        allocator.addFramework("a", roles: ["*"])
        allocator.addAgent("s1", total: r("cpus:10;mem:100"))
        allocator.addAgent("s2", total: r("cpus:10;mem:100"))
        _ = allocator.allocate(now: at(1), agents: ["s1"])
        #expect(allocator.share(of: "a", in: "*") == 0.5)
        allocator.removeAgent("s1")
        // totals now cpus:10;mem:100 and a holds nothing
        #expect(allocator.share(of: "a", in: "*") == 0)
        #expect(allocator.totals == r("cpus:10;mem:100").quantities)
    }
}
