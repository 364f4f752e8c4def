import AgoraModel

extension Allocator {
    /// Resources on the agent that nobody holds.
    public func available(on agentID: AgentID) -> Resources {
        self.agentSlots[agentID].flatMap { self.agents[$0]?.available } ?? Resources()
    }

    /// Resources offered to or used by a framework on the agent, tagged with roles.
    public func allocated(to frameworkID: FrameworkID, on agentID: AgentID) -> Resources {
        guard let agent = self.agentSlots[agentID], let framework = self.frameworkSlots[frameworkID] else {
            return Resources()
        }
        return self.agents[agent]?.allocated[framework] ?? Resources()
    }

    /// The agent's total resources.
    public func total(of agentID: AgentID) -> Resources {
        self.agentSlots[agentID].flatMap { self.agents[$0]?.total } ?? Resources()
    }

    /// Weights of roles that have one other than 1.
    public var weights: [String: Double] { self.roleShares.weights }

    /// Quota of every role that has one.
    public var quotaByRole: [String: Quota] { self.quotas }

    /// Scalar totals of the cluster.
    public var totals: ResourceQuantities { self.roleShares.totals }

    /// Agents known, in registration order.
    public var agentIDs: [AgentID] {
        self.agentSlots.sorted { $0.value < $1.value }.map(\.key)
    }

    /// Roles with subscribed frameworks, in DRF order.
    public mutating func sortedRoles() -> [String] {
        self.roleSorter.prepare(self.roleShares)
        return self.roleSorter.sortedTags().map { self.roles[$0].name }
    }

    /// Offerable frameworks of `role` in DRF order.
    public mutating func sortedFrameworks(in role: String) -> [FrameworkID] {
        guard let id = self.roleIDs[role] else { return [] }
        self.frameworkSorters[id]?.prepare(self.frameworkShares)
        return self.frameworkSorters[id]?.sortedTags().compactMap { self.frameworks[$0]?.id } ?? []
    }

    /// Dominant share of a role (after weight), as the role sorter computes it.
    public mutating func share(ofRole role: String) -> Double? {
        self.roleSorter.prepare(self.roleShares)
        return self.roleSorter.share(of: role)
    }

    /// Dominant share of a framework inside `role`.
    public mutating func share(of frameworkID: FrameworkID, in role: String) -> Double? {
        guard let id = self.roleIDs[role] else { return nil }
        self.frameworkSorters[id]?.prepare(self.frameworkShares)
        return self.frameworkSorters[id]?.share(of: frameworkID.value)
    }

    /// Number of refusal filters currently held (for metrics and tests).
    public var filterCount: Int {
        self.frameworks.reduce(0) { sum, framework in
            sum + (framework?.filters.values.reduce(0) { $0 + $1.count } ?? 0)
        }
    }
}
