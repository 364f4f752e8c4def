import AgoraModel

extension Allocator {
    /// One allocation run over `agents` (all agents when nil), in two stages as Mesos does:
    /// first roles whose quota guarantees are unmet get what they are guaranteed, then every
    /// role in DRF order, and inside each role every framework in DRF order, is offered what
    /// is left of each agent. Agents are visited in a seeded shuffle. Each agent's remainder
    /// goes whole to the first eligible framework of a role; later roles only see what that
    /// leaves (their reservations, or what quota kept back).
    public mutating func allocate(now: MonotonicInstant, agents subset: [AgentID]? = nil) -> [OfferGrant] {
        self.expireFilters(now: now)
        self.prepareSorters()
        var slots = subset.map { $0.compactMap { self.agentSlots[$0] }.sorted() } ?? self.agentSlots.values.sorted()
        var run = AllocationRun(now: now, roleCount: self.roles.count)
        if !self.quotas.isEmpty {
            let snapshot = QuotaSnapshot(quotas: self.quotas, agents: self.agents, sorter: self.roleSorter)
            for name in snapshot.unsatisfiedRoles(sorter: self.roleSorter) {
                if let role = self.roleIDs[name] { run.markUnsatisfied(role) }
            }
            for name in self.quotas.keys {
                if let role = self.roleIDs[name], self.isBlockedByLimits(role, quota: snapshot) { run.markBlockedByLimits(role) }
            }
            run.quota = snapshot
        }
        if run.hasUnsatisfiedRoles {
            slots.shuffle(using: &self.rng)
            for slot in slots where run.hasUnsatisfiedRoles {
                self.allocate(on: slot, stage: .guarantees, run: &run)
            }
        }
        slots.shuffle(using: &self.rng)
        for slot in slots {
            self.allocate(on: slot, stage: .fairShare, run: &run)
        }
        return run.grants
    }

    private mutating func prepareSorters() {
        self.roleSorter.prepare(self.roleShares)
        for role in Array(self.frameworkSorters.keys) {
            self.frameworkSorters[role]?.prepare(self.frameworkShares)
        }
    }

    private mutating func allocate(on slot: Int, stage: AllocationStage, run: inout AllocationRun) {
        var served: [Int] = []
        while let candidate = self.nextCandidate(on: slot, stage: stage, served: served, run: run) {
            self.grant(candidate, run: &run)
            served.append(candidate.role)
        }
    }

    private mutating func grant(_ candidate: Candidate, run: inout AllocationRun) {
        let roleName = self.roles[candidate.role].name
        let topLevel = self.roles[self.roles[candidate.role].topLevel].name
        let before = run.quota?.remainingGuarantee(of: topLevel, sorter: self.roleSorter)
        let offered = candidate.resources.allocated(to: roleName)
        self.track(offered, of: candidate.framework, on: candidate.slot)
        guard let agentID = self.agents[candidate.slot]?.id, let frameworkID = self.frameworks[candidate.framework]?.id else {
            return
        }
        run.grants.append(OfferGrant(frameworkID: frameworkID, agentID: agentID, role: roleName, resources: offered))
        guard let before else { return }
        let after = run.quota!.remainingGuarantee(of: topLevel, sorter: self.roleSorter)
        run.quota!.granted(offered, guaranteeBefore: before, after: after)
        let topLevelID = self.roles[candidate.role].topLevel
        if after.isEmpty { run.markSatisfied(topLevelID) }
        if self.isBlockedByLimits(topLevelID, quota: run.quota!) { run.markBlockedByLimits(topLevelID) }
    }

    /// The first (role, framework) in DRF order that can be offered something on the agent.
    private func nextCandidate(on slot: Int, stage: AllocationStage, served: [Int], run: AllocationRun) -> Candidate? {
        guard let agent = self.agents[slot], agent.isActive, !agent.available.isEmpty else { return nil }
        let hasReservations = agent.available.hasReservations
        let reservedRoles = hasReservations ? Set(agent.available.reserved.compactMap(\.reservedRole)) : []
        let unreservedLeft = self.isMinAllocatable(hasReservations ? agent.available.unreserved : agent.available)
        guard unreservedLeft || !reservedRoles.isEmpty else { return nil }
        var found: Candidate?
        _ = self.roleSorter.firstActive { role in
            let topLevel = self.roles[role].topLevel
            if stage == .guarantees && !run.isUnsatisfied(topLevel) { return false }
            if reservedRoles.isEmpty && run.isBlockedByLimits(topLevel) { return false }
            guard !served.contains(role) else { return false }
            let name = self.roles[role].name
            guard unreservedLeft || reservedRoles.contains(where: { Roles.isSameOrDescendant(name, of: $0) }) else {
                return false
            }
            let allocatable = reservedRoles.isEmpty ? agent.available : agent.available.allocatable(to: name)
            let capped = self.capped(allocatable, for: role, stage: stage, run: run)
            guard self.isMinAllocatable(capped) else { return false }
            found = self.firstFramework(in: role, offered: capped, on: agent, now: run.now)
            return found != nil
        }
        return found
    }

    private func firstFramework(in role: Int, offered: Resources, on agent: AgentState, now: MonotonicInstant) -> Candidate? {
        var result: Candidate?
        let key = FilterKey(role: role, agentSlot: agent.slot)
        _ = self.frameworkSorters[role]?.firstActive { slot in
            guard let framework = self.frameworks[slot] else { return false }
            let capabilities = framework.capabilities
            if agent.hasGPUs && self.configuration.filterGPUResources && !capabilities.contains(.gpuResources) {
                return false
            }
            let resources = capabilities.contains(.revocableResources) ? offered : offered.nonRevocable
            guard self.isMinAllocatable(resources), !self.isFiltered(resources, for: framework, key: key, now: now) else {
                return false
            }
            result = Candidate(slot: agent.slot, role: role, framework: slot, resources: resources)
            return true
        }
        return result
    }

    /// Whether `resources` hold one of the configured minimum sets (`cpus:0.01|mem:32`).
    func isMinAllocatable(_ resources: Resources) -> Bool {
        guard !resources.isEmpty else { return false }
        let minimums = self.configuration.minAllocatable
        guard !minimums.isEmpty else { return true }
        return minimums.contains { minimum in
            minimum.entries.allSatisfy { resources.scalar($0.name) >= $0.amount }
        }
    }
}

enum AllocationStage {
    case guarantees
    case fairShare
}

struct Candidate {
    var slot: Int
    var role: Int
    var framework: Int
    var resources: Resources
}

/// Scratch state of one allocation run.
struct AllocationRun {
    let now: MonotonicInstant
    var grants: [OfferGrant] = []
    var quota: QuotaSnapshot?
    /// By role ID: top-level roles whose guarantees are not met yet.
    private var unsatisfied: [Bool]
    private var unsatisfiedCount = 0
    /// By role ID: top-level roles whose quota limits are used up.
    private var blockedByLimits: [Bool]

    init(now: MonotonicInstant, roleCount: Int) {
        self.now = now
        self.unsatisfied = Array(repeating: false, count: roleCount)
        self.blockedByLimits = Array(repeating: false, count: roleCount)
    }

    func isBlockedByLimits(_ role: Int) -> Bool { role < self.blockedByLimits.count && self.blockedByLimits[role] }

    mutating func markBlockedByLimits(_ role: Int) {
        if role < self.blockedByLimits.count { self.blockedByLimits[role] = true }
    }

    var hasUnsatisfiedRoles: Bool { self.unsatisfiedCount > 0 }

    func isUnsatisfied(_ role: Int) -> Bool { role < self.unsatisfied.count && self.unsatisfied[role] }

    mutating func markUnsatisfied(_ role: Int) {
        guard !self.unsatisfied[role] else { return }
        self.unsatisfied[role] = true
        self.unsatisfiedCount += 1
    }

    mutating func markSatisfied(_ role: Int) {
        guard self.isUnsatisfied(role) else { return }
        self.unsatisfied[role] = false
        self.unsatisfiedCount -= 1
    }
}
