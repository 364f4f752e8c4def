import AgoraModel

/// What the allocator holds on one agent, for explanations (`agora why`).
public struct AgentAllocationView: Hashable, Sendable {
    /// The agent.
    public var agentID: AgentID
    /// Offers can be made on it.
    public var isActive: Bool
    /// Everything the agent has.
    public var total: Resources
    /// What nobody holds.
    public var available: Resources
    /// Offered or used, by framework, tagged with allocation roles.
    public var held: [FrameworkID: Resources]
    /// Refusal filters in force on this agent.
    public var filters: [RefusalView]
}

/// One refusal filter: the framework declined `refused` on the agent in `role`.
public struct RefusalView: Hashable, Sendable {
    /// The framework that declined.
    public var frameworkID: FrameworkID
    /// The role the declined offer was for.
    public var role: String
    /// What it declined; a later offer of these resources or fewer is filtered.
    public var refused: Resources
    /// When the filter ends.
    public var expiry: MonotonicInstant
}

/// What the allocator knows about a role with frameworks, weight or quota.
public struct RoleAllocationView: Hashable, Sendable {
    /// The role.
    public var name: String
    /// Its weight (1 by default).
    public var weight: Double
    /// Dominant share after weight; nil when the role has no client in the sorter.
    public var share: Double?
    /// Quota of its top-level role.
    public var quota: Quota?
    /// What the top-level role's subtree consumes (offered or allocated).
    public var consumed: ResourceQuantities
    /// Frameworks subscribed to the role.
    public var frameworks: [FrameworkRoleView]
}

/// A framework inside a role.
public struct FrameworkRoleView: Hashable, Sendable {
    /// The framework.
    public var frameworkID: FrameworkID
    /// Connected (offers can go to it).
    public var isActive: Bool
    /// It suppressed offers in this role.
    public var isSuppressed: Bool
    /// Its dominant share inside the role.
    public var share: Double?
}

extension Allocator {
    /// Every known agent, in registration order, with its filters still in force at `now`.
    public func agentViews(now: MonotonicInstant) -> [AgentAllocationView] {
        self.agentSlots.sorted { $0.value < $1.value }.compactMap { id, slot in
            guard let agent = self.agents[slot] else { return nil }
            var held: [FrameworkID: Resources] = [:]
            for (frameworkSlot, resources) in agent.allocated {
                if let framework = self.frameworks[frameworkSlot] { held[framework.id] = resources }
            }
            return AgentAllocationView(
                agentID: id, isActive: agent.isActive, total: agent.total, available: agent.available, held: held,
                filters: self.refusals(onAgentSlot: slot, now: now))
        }
    }

    private func refusals(onAgentSlot slot: Int, now: MonotonicInstant) -> [RefusalView] {
        var views: [RefusalView] = []
        for case let framework? in self.frameworks {
            for (key, filters) in framework.filters where key.agentSlot == slot {
                for filter in filters where now < filter.expiry {
                    views.append(RefusalView(
                        frameworkID: framework.id, role: self.roles[key.role].name, refused: filter.resources,
                        expiry: filter.expiry))
                }
            }
        }
        return views.sorted { ($0.frameworkID, $0.role) < ($1.frameworkID, $1.role) }
    }

    /// Whether a refusal filter keeps `resources` on the agent from the framework in `role`.
    public func isFiltered(
        _ resources: Resources, for frameworkID: FrameworkID, in role: String, on agentID: AgentID, now: MonotonicInstant
    ) -> Bool {
        guard let slot = self.frameworkSlots[frameworkID], let framework = self.frameworks[slot],
            let roleID = self.roleIDs[role], let agentSlot = self.agentSlots[agentID]
        else { return false }
        let filters = framework.filters[FilterKey(role: roleID, agentSlot: agentSlot)] ?? []
        return filters.contains { $0.filters(resources, now: now) }
    }

    /// Every role the allocator knows (with frameworks, allocations, weight or quota),
    /// by name, with shares as the sorters compute them.
    public mutating func roleViews() -> [RoleAllocationView] {
        self.roleSorter.prepare(self.roleShares)
        var names = Set(self.roleIDs.keys).union(self.quotas.keys).union(self.roleShares.weights.keys)
        names = names.filter { name in
            guard let id = self.roleIDs[name] else { return true }
            return !self.roles[id].members.isEmpty || self.quotas[name] != nil || self.roleShares.weights[name] != nil
                || !self.roleSorter.allocation(of: name).isEmpty
        }
        return names.sorted().map { self.roleView($0) }
    }

    private mutating func roleView(_ name: String) -> RoleAllocationView {
        let topLevel = Roles.topLevel(of: name)
        var frameworks: [FrameworkRoleView] = []
        if let id = self.roleIDs[name] {
            self.frameworkSorters[id]?.prepare(self.frameworkShares)
            for slot in self.roles[id].members.sorted() {
                guard let framework = self.frameworks[slot] else { continue }
                frameworks.append(FrameworkRoleView(
                    frameworkID: framework.id, isActive: framework.isActive,
                    isSuppressed: framework.suppressedRoles.contains(id),
                    share: self.frameworkSorters[id]?.share(of: framework.id.value)))
            }
        }
        return RoleAllocationView(
            name: name, weight: self.roleShares.weights[name] ?? 1, share: self.roleSorter.share(of: name),
            quota: self.quotas[topLevel], consumed: self.roleSorter.subtreeAllocation(of: topLevel),
            frameworks: frameworks.sorted { $0.frameworkID < $1.frameworkID })
    }
}
