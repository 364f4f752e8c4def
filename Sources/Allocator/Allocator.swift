import AgoraModel
import HeapModule

/// Hierarchical weighted DRF allocator, after Mesos's `HierarchicalDRFAllocator`.
///
/// A pure, deterministic value: the master tells it what changed (agents, frameworks,
/// recovered resources, weights, quota) and asks `allocate(now:)` for the offers to make.
/// Bookkeeping is incremental, so a run costs about the agents it looks at. Time comes in
/// as `now`; the agent shuffle is seeded from the configuration.
///
/// Internally agents, frameworks and roles get small integer slots (never reused), so the
/// hot loop compares integers rather than hashing strings.
public struct Allocator: Sendable {
    public let configuration: AllocatorConfiguration
    var rng: SplitMix64
    var agents: [AgentState?] = []
    var agentSlots: [AgentID: Int] = [:]
    var frameworks: [FrameworkState?] = []
    var frameworkSlots: [FrameworkID: Int] = [:]
    var roles: [RoleState] = []
    var roleIDs: [String: Int] = [:]
    var roleSorter = DRFSorter()
    /// One sorter per role ID.
    var frameworkSorters: [Int: DRFSorter] = [:]
    var roleShares = ShareContext()
    var frameworkShares = ShareContext()
    var quotas: [String: Quota] = [:]
    var filterExpiries = Heap<FilterExpiry>()
    var nextFilterID = 0

    public init(configuration: AllocatorConfiguration = AllocatorConfiguration()) {
        self.configuration = configuration
        self.rng = SplitMix64(seed: configuration.seed)
        self.roleShares.excludedNames = configuration.fairnessExcludedResourceNames
        self.frameworkShares.excludedNames = configuration.fairnessExcludedResourceNames
    }

    // MARK: - Agents

    /// Adds an agent with its total resources and what frameworks already use on it
    /// (`used` is tagged with allocation roles, as when an agent re-registers with tasks).
    public mutating func addAgent(
        _ id: AgentID, total: Resources, used: [FrameworkID: Resources] = [:], isActive: Bool = true
    ) {
        if self.agentSlots[id] != nil { self.removeAgent(id) }
        let slot = self.agents.count
        self.agents.append(AgentState(id: id, slot: slot, total: total, available: total, isActive: isActive))
        self.agentSlots[id] = slot
        self.adjustTotals(adding: total)
        for (frameworkID, resources) in used.sorted(by: { $0.key < $1.key }) {
            self.track(resources, of: self.frameworkSlot(for: frameworkID), on: slot)
        }
    }

    /// Removes an agent; whatever was still allocated on it is forgotten.
    public mutating func removeAgent(_ id: AgentID) {
        guard let slot = self.agentSlots.removeValue(forKey: id), let agent = self.agents[slot] else { return }
        for (framework, resources) in agent.allocated.sorted(by: { $0.key < $1.key }) {
            self.untrack(resources, of: framework, on: slot)
        }
        self.adjustTotals(removing: agent.total)
        self.agents[slot] = nil
    }

    /// Replaces an agent's total resources, keeping its allocations.
    public mutating func updateAgent(_ id: AgentID, total: Resources) {
        guard let slot = self.agentSlots[id], var agent = self.agents[slot] else { return }
        self.adjustTotals(removing: agent.total)
        let allocated = agent.allocated.values.reduce(Resources()) { $0 + $1.unallocated }
        agent.total = total
        agent.available = total - allocated
        self.agents[slot] = agent
        self.adjustTotals(adding: total)
    }

    /// Agents that are inactive (disconnected, draining) are never offered.
    public mutating func setAgentActive(_ id: AgentID, _ isActive: Bool) {
        guard let slot = self.agentSlots[id] else { return }
        self.agents[slot]?.isActive = isActive
    }

    // MARK: - Frameworks

    /// Adds a framework subscribed to `roles`, offered in all of them except `suppressedRoles`.
    public mutating func addFramework(
        _ id: FrameworkID,
        roles: Set<String>,
        suppressedRoles: Set<String> = [],
        capabilities: Set<FrameworkCapability> = [],
        isActive: Bool = true
    ) {
        let slot = self.frameworkSlot(for: id)
        self.frameworks[slot]!.isActive = isActive
        self.updateFramework(id, roles: roles, suppressedRoles: suppressedRoles, capabilities: capabilities)
    }

    /// Changes a framework's roles, suppressed roles and capabilities. Filters of roles it
    /// leaves or stops suppressing are cleared.
    public mutating func updateFramework(
        _ id: FrameworkID, roles: Set<String>, suppressedRoles: Set<String>, capabilities: Set<FrameworkCapability>
    ) {
        guard let slot = self.frameworkSlots[id], var framework = self.frameworks[slot] else { return }
        let newRoles = Set(roles.map { self.roleID(for: $0) })
        let newSuppressed = Set(suppressedRoles.compactMap { self.roleIDs[$0] }).intersection(newRoles)
        for role in framework.roles.subtracting(newRoles) { self.leave(role, framework: slot) }
        for role in newRoles.subtracting(framework.roles) { self.join(role, framework: slot) }
        let unsuppressed = framework.suppressedRoles.subtracting(newSuppressed)
        framework.roles = newRoles
        framework.suppressedRoles = newSuppressed
        framework.capabilities = capabilities
        framework.filters = framework.filters.filter { newRoles.contains($0.key.role) && !unsuppressed.contains($0.key.role) }
        self.frameworks[slot] = framework
        self.refreshActivation(of: slot)
    }

    /// Removes a framework; whatever it still held is forgotten.
    public mutating func removeFramework(_ id: FrameworkID) {
        guard let slot = self.frameworkSlots[id], let framework = self.frameworks[slot] else { return }
        for agentSlot in self.agents.indices {
            guard let resources = self.agents[agentSlot]?.allocated[slot] else { continue }
            self.untrack(resources, of: slot, on: agentSlot)
        }
        for role in framework.roles { self.leave(role, framework: slot) }
        self.frameworks[slot] = nil
        self.frameworkSlots[id] = nil
    }

    /// A disconnected framework keeps its allocations but gets no offers.
    public mutating func setFrameworkActive(_ id: FrameworkID, _ isActive: Bool) {
        guard let slot = self.frameworkSlots[id] else { return }
        self.frameworks[slot]?.isActive = isActive
        self.refreshActivation(of: slot)
    }

    /// Stops offers to the framework in `roles` (all of its roles when nil).
    public mutating func suppress(_ id: FrameworkID, roles: Set<String>? = nil) {
        guard let slot = self.frameworkSlots[id], let framework = self.frameworks[slot] else { return }
        let suppressed = roles.map { Set($0.compactMap { self.roleIDs[$0] }) } ?? framework.roles
        self.frameworks[slot]!.suppressedRoles.formUnion(suppressed.intersection(framework.roles))
        self.refreshActivation(of: slot)
    }

    /// Resumes offers in `roles` (all when nil) and clears their refusal filters.
    public mutating func revive(_ id: FrameworkID, roles: Set<String>? = nil) {
        guard let slot = self.frameworkSlots[id], let framework = self.frameworks[slot] else { return }
        let revived = roles.map { Set($0.compactMap { self.roleIDs[$0] }) } ?? framework.roles
        self.frameworks[slot]!.suppressedRoles.subtract(revived)
        self.frameworks[slot]!.filters = framework.filters.filter { !revived.contains($0.key.role) }
        self.refreshActivation(of: slot)
    }

    // MARK: - Roles

    /// Sets a role's weight in the role sorter (default 1.0).
    public mutating func setWeight(_ weight: Double, for role: String) {
        self.roleShares.weights[role] = weight == 1 ? nil : weight
        self.roleShares.changed()
    }

    /// Sets or clears the quota of a top-level role.
    public mutating func setQuota(_ quota: Quota?, for role: String) {
        self.quotas[role] = quota
    }

    // MARK: - Slots

    /// The slot of a framework, creating an inactive, role-less one if unknown (an agent may
    /// report tasks of a framework that has not re-subscribed yet).
    mutating func frameworkSlot(for id: FrameworkID) -> Int {
        if let slot = self.frameworkSlots[id] { return slot }
        let slot = self.frameworks.count
        self.frameworks.append(FrameworkState(id: id, slot: slot, capabilities: [], isActive: false))
        self.frameworkSlots[id] = slot
        return slot
    }

    mutating func roleID(for name: String) -> Int {
        if let id = self.roleIDs[name] { return id }
        let topLevelName = Roles.topLevel(of: name)
        let topLevel = topLevelName == name ? self.roles.count : self.roleID(for: topLevelName)
        let id = self.roles.count
        self.roles.append(RoleState(name: name, topLevel: topLevel))
        self.roleIDs[name] = id
        return id
    }

    // MARK: - Membership internals

    private mutating func join(_ role: Int, framework slot: Int) {
        self.roles[role].members.insert(slot)
        self.roleSorter.add(self.roles[role].name, tag: role)
        self.roleSorter.activate(self.roles[role].name)
        self.frameworkSorters[role, default: DRFSorter()].add(self.frameworks[slot]!.id.value, tag: slot)
    }

    private mutating func leave(_ role: Int, framework slot: Int) {
        self.roles[role].members.remove(slot)
        let name = self.frameworks[slot]!.id.value
        let holdsAllocation = !(self.frameworkSorters[role]?.allocation(of: name).isEmpty ?? true)
        if !holdsAllocation { self.frameworkSorters[role]?.remove(name) }
        self.frameworkSorters[role]?.deactivate(name)
        self.dropRoleIfUnused(role)
    }

    /// Keeps a role in the sorters while it has members or allocations.
    mutating func dropRoleIfUnused(_ role: Int) {
        let name = self.roles[role].name
        guard self.roles[role].members.isEmpty else { return }
        self.roleSorter.deactivate(name)
        guard self.roleSorter.allocation(of: name).isEmpty, self.frameworkSorters[role]?.isEmpty ?? true else { return }
        self.roleSorter.remove(name)
        self.frameworkSorters[role] = nil
    }

    private mutating func adjustTotals(adding resources: Resources) {
        self.roleShares.totals += resources.quantities
        self.frameworkShares.totals += resources.quantities
        self.roleShares.changed()
        self.frameworkShares.changed()
    }

    private mutating func adjustTotals(removing resources: Resources) {
        self.roleShares.totals -= resources.quantities
        self.frameworkShares.totals -= resources.quantities
        self.roleShares.changed()
        self.frameworkShares.changed()
    }
}

extension Allocator {
    /// Activates the framework's client in each role sorter where it may be offered.
    mutating func refreshActivation(of slot: Int) {
        guard let framework = self.frameworks[slot] else { return }
        for role in framework.roles {
            if framework.isOfferable(in: role) {
                self.frameworkSorters[role]?.activate(framework.id.value)
            } else {
                self.frameworkSorters[role]?.deactivate(framework.id.value)
            }
        }
    }
}
