import OfferMatching
import Testing

@Suite struct ResourceFitTests {
    @Test func fitsAndSubtractsSoSeveralTasksPackIntoOneOffer() throws {
        var pool = OfferPool(offer("o1", cpus: 1, mem: 256))
        let demand = ResourceDemand(cpus: 0.3, mem: 100)
        // 1.0 cpus / 0.3 -> three tasks (0.1 left); 256 mem / 100 -> two tasks: mem runs out first
        #expect(throws: Never.self) { try pool.take(demand).get() }
        #expect(throws: Never.self) { try pool.take(demand).get() }
        #expect(pool.rejections(for: demand) == [.insufficientScalar(resource: "mem", needed: 100, available: 56)])
        #expect(pool.scalar("cpus") == 0.4)
    }

    @Test func repeatedTenthsDoNotDrift() throws {
        var pool = OfferPool(offer("o1", cpus: 1, mem: 1000))
        for _ in 0..<10 { _ = try pool.take(ResourceDemand(cpus: 0.1, mem: 1)).get() }
        // 10 x 0.1 = exactly 1.0 in thousandths; nothing left, no 1e-16 residue
        #expect(pool.scalar("cpus") == 0)
        #expect(pool.rejections(for: ResourceDemand(cpus: 0.001, mem: 1)).map(\.reason) == [.insufficientCpus])
    }

    @Test func everyShortResourceIsReportedWithItsShortfall() {
        let pool = OfferPool(offer("o1", cpus: 0.5, mem: 64, disk: 10, ports: [ValueRange(31000, 31000)]))
        let demand = ResourceDemand(cpus: 1, mem: 128, disk: 20, gpus: 1, ports: [.any, .any])
        let rejections = pool.rejections(for: demand)
        #expect(rejections.map(\.reason) == [.insufficientCpus, .insufficientMemory, .insufficientDisk, .insufficientGpus, .insufficientPorts])
        #expect(rejections[0].description == "cpus: needed 1, offered 0.5 (short by 0.5)")
        #expect(rejections[4] == .insufficientPorts(needed: 2, available: 1, missing: []))
    }

    @Test func combinesOffersOfOneAgentKeepingAgentOrder() throws {
        let pools = OfferPool.combining([
            offer("o1", agent: "a1", cpus: 1, mem: 100, ports: [ValueRange(31000, 31001)]),
            offer("o2", agent: "a2", cpus: 8, mem: 8000),
            offer("o3", agent: "a1", cpus: 1, mem: 100, ports: [ValueRange(31002, 31002)]),
        ])
        #expect(pools.map(\.agentID) == ["a1", "a2"])
        #expect(pools[0].offerIDs == ["o1", "o3"])
        var first = pools[0]
        // 2 cpus only exist when both offers of a1 are combined
        let allocation = try first.take(ResourceDemand(cpus: 2, mem: 200, ports: [.any, .any, .any])).get()
        #expect(allocation.offerIDs == ["o1", "o3"])
        #expect(allocation.ports == [31000, 31001, 31002])
        #expect(allocation.byRole["*"]?.ports == [ValueRange(31000, 31002)])
    }

    @Test func reservedRolesAreUsedBeforeUnreserved() throws {
        let offer = ResourceOffer(
            id: "o1", agentID: "a1", hostname: "h1",
            resources: [
                "*": RoleResources(scalars: ["cpus": 4, "mem": 1000]),
                "web": RoleResources(scalars: ["cpus": 1, "mem": 100]),
            ])
        var pool = OfferPool(offer)
        let allocation = try pool.take(ResourceDemand(cpus: 1.5, mem: 50)).get()
        // cpus: 1 from web, 0.5 from *; mem: 50 from web
        #expect(allocation.byRole["web"]?.scalars == ["cpus": 1, "mem": 50])
        #expect(allocation.byRole["*"]?.scalars == ["cpus": 0.5])
    }

    @Test func acceptedRolesRestrictWhatMayBeUsed() {
        let pool = OfferPool(offer("o1", cpus: 4))
        let demand = ResourceDemand(cpus: 1, mem: 10, acceptedRoles: ["web"])
        let rejections = pool.rejections(for: demand)
        #expect(rejections.first == .unfulfilledRole(accepted: ["web"], offered: ["*"]))
        #expect(rejections.map(\.reason) == [.unfulfilledRole, .insufficientCpus, .insufficientMemory])
    }

    @Test func scarceGPUsAreDeclinedOnlyWhenAskedTo() {
        let pool = OfferPool(offer("o1", gpus: 2))
        let demand = ResourceDemand(cpus: 1, mem: 10)
        #expect(pool.rejections(for: demand).isEmpty)
        #expect(pool.rejections(for: demand, options: MatchOptions(declineScarceGPUs: true)) == [.declinedScarceResources(resource: "gpus")])
    }

    @Test func failedTakeTakesNothing() {
        var pool = OfferPool(offer("o1", cpus: 1, mem: 10))
        let before = pool
        if case .success = pool.take(ResourceDemand(cpus: 0.5, mem: 20)) { Issue.record("should not fit") }
        #expect(pool == before)
    }
}
