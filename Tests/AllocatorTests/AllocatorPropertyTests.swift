import AgoraModel
import Allocator
import Testing

/// Random sequences of cluster events; after every step no agent is offered or allocated
/// more than it has, and what is held plus what is free is exactly the agent's total.
@Suite struct AllocatorPropertyTests {
    @Test(arguments: 0..<40)
    func noAgentIsEverOfferedMoreThanItHas(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        var allocator = Allocator.testing {
            $0.seed = UInt64(seed)
            if seed % 4 == 0 { $0.minAllocatable = [] }
        }
        var model = ClusterModel()
        if seed % 3 == 0 {
            allocator.setQuota(Quota(guarantees: r("cpus:3").quantities, limits: r("cpus:6").quantities), for: "q")
        }
        for step in 0..<150 {
            let now = at(Double(step))
            model.step(&allocator, rng: &rng, now: now)
            model.check(allocator, seed: seed, step: step)
        }
    }
}

/// A test-side record of what the allocator handed out, to check it against totals.
struct ClusterModel {
    var agents: [AgentID: Resources] = [:]
    var held: [AgentID: [FrameworkID: Resources]] = [:]
    var frameworks: [FrameworkID] = []
    var nextID = 0

    mutating func step(_ allocator: inout Allocator, rng: inout SplitMix64, now: MonotonicInstant) {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0 where self.agents.count < 8: self.addAgent(&allocator, rng: &rng)
        case 1 where self.frameworks.count < 5: self.addFramework(&allocator, rng: &rng)
        case 2: self.returnSome(&allocator, rng: &rng, now: now)
        case 3 where !self.agents.isEmpty && Int.random(in: 0..<4, using: &rng) == 0:
            self.removeAgent(&allocator, rng: &rng)
        case 4 where !self.frameworks.isEmpty:
            let id = self.frameworks.randomElement(using: &rng)!
            if Bool.random(using: &rng) { allocator.suppress(id) } else { allocator.revive(id) }
        default:
            for grant in allocator.allocate(now: now) {
                self.held[grant.agentID, default: [:]][grant.frameworkID, default: Resources()] += grant.resources
            }
        }
    }

    mutating func addAgent(_ allocator: inout Allocator, rng: inout SplitMix64) {
        let id = AgentID("s\(self.nextID)")
        self.nextID += 1
        let low = UInt64.random(in: 31000...31500, using: &rng)
        var total = r("cpus:\(Int.random(in: 1...8, using: &rng));mem:\(Int.random(in: 64...4096, using: &rng))")
        total.add(.ranges("ports", [low...(low + UInt64.random(in: 0...50, using: &rng))]))
        if Bool.random(using: &rng) { total.add(.scalar("cpus", 1, role: ["q", "web", "db"].randomElement(using: &rng)!)) }
        self.agents[id] = total
        allocator.addAgent(id, total: total)
    }

    mutating func addFramework(_ allocator: inout Allocator, rng: inout SplitMix64) {
        let id = FrameworkID("f\(self.nextID)")
        self.nextID += 1
        let roles: Set<String> = Set((0..<Int.random(in: 1...2, using: &rng)).map { _ in
            ["*", "web", "db", "q", "web/api"].randomElement(using: &rng)!
        })
        self.frameworks.append(id)
        allocator.addFramework(id, roles: roles)
    }

    /// Gives back a random part of one holding: as a decline, or as a finished task.
    mutating func returnSome(_ allocator: inout Allocator, rng: inout SplitMix64, now: MonotonicInstant) {
        guard let agent = self.held.keys.sorted().randomElement(using: &rng),
            let framework = self.held[agent]!.keys.sorted().randomElement(using: &rng)
        else { return }
        let holding = self.held[agent]![framework]!
        let part = Bool.random(using: &rng) ? holding : holding.filter { _ in Bool.random(using: &rng) }
        let refuse: Double? = [nil, 0, 2, 30].randomElement(using: &rng)!
        allocator.recoverResources(part, of: framework, on: agent, refuseSeconds: refuse, now: now)
        let remaining = holding - part
        self.held[agent]![framework] = remaining.isEmpty ? nil : remaining
    }

    mutating func removeAgent(_ allocator: inout Allocator, rng: inout SplitMix64) {
        let id = self.agents.keys.sorted().randomElement(using: &rng)!
        allocator.removeAgent(id)
        self.agents[id] = nil
        self.held[id] = nil
    }

    func check(_ allocator: Allocator, seed: Int, step: Int) {
        for (agent, total) in self.agents {
            let holdings = self.held[agent] ?? [:]
            let heldTotal = holdings.values.reduce(Resources()) { $0 + $1.unallocated }
            #expect(total.contains(heldTotal), "seed \(seed) step \(step): \(agent) offered \(heldTotal) of \(total)")
            #expect(heldTotal + allocator.available(on: agent) == total,
                    "seed \(seed) step \(step): \(agent) held \(heldTotal) + free \(allocator.available(on: agent)) != \(total)")
            for (framework, resources) in holdings {
                #expect(allocator.allocated(to: framework, on: agent) == resources, "seed \(seed) step \(step)")
            }
        }
    }
}
