import AgoraModel
import Allocator

extension MasterCore {
    /// Explains the allocator's state for `role` (the framework's first role, else `*`),
    /// optionally for one framework and for `demand`, the resources one task needs.
    public mutating func explainAllocation(
        role: String?, frameworkID: FrameworkID?, demand: Resources?, now: MonotonicInstant
    ) -> AllocationExplanation {
        let framework = frameworkID.flatMap { self.frameworks[$0] }
        let role = role ?? framework?.info.roles.first ?? Roles.defaultRole
        // A launched task's resources carry their allocation role; what an agent has free does not.
        let demand = demand?.unallocated
        let agents = self.allocator.agentViews(now: now).map { view in
            AgentExplanation(
                view: view, hostname: self.agents[view.agentID]?.info.hostname ?? view.agentID.value,
                offered: self.offered(on: view.agentID),
                shortfall: demand.map { Self.shortfall(of: $0, in: view.available.allocatable(to: role)) })
        }
        let roles = self.allocator.roleViews()
        var reasons = self.frameworkReasons(frameworkID, framework: framework, role: role)
        if let demand {
            let consumed = roles.first { Roles.topLevel(of: $0.name) == Roles.topLevel(of: role) }?.consumed
            reasons += self.quotaReasons(demand, role: role, consumed: consumed ?? ResourceQuantities())
            reasons += self.capacityReasons(demand, role: role, agents: agents, frameworkID: frameworkID, now: now)
        }
        return AllocationExplanation(role: role, roles: roles, agents: agents, totals: self.allocator.totals, reasons: reasons)
    }

    private func offered(on agentID: AgentID) -> [FrameworkID: Resources] {
        var offered: [FrameworkID: Resources] = [:]
        for record in self.offers.values where record.offer.agentID == agentID {
            offered[record.offer.frameworkID, default: Resources()] += record.offer.resources
        }
        return offered
    }

    /// The scalar quantities of `demand` that `available` lacks.
    static func shortfall(of demand: Resources, in available: Resources) -> ResourceQuantities {
        var short = ResourceQuantities()
        for entry in demand.quantities.entries where available.scalar(entry.name) < entry.amount {
            short[entry.name] = entry.amount - available.scalar(entry.name)
        }
        return short
    }

    private func frameworkReasons(_ id: FrameworkID?, framework: FrameworkRecord?, role: String) -> [String] {
        guard let id else { return [] }
        guard let framework else { return ["framework \(id) is not known to the master"] }
        var reasons: [String] = []
        let name = "framework \(framework.info.name) (\(id))"
        if !framework.isConnected { reasons.append("\(name) is not subscribed: offers go only to connected frameworks") }
        if !framework.info.roles.contains(role) { reasons.append("\(name) is not subscribed to role \(role)") }
        if framework.suppressedRoles.contains(role) {
            reasons.append("\(name) suppressed offers in role \(role): it gets none until it revives")
        }
        return reasons
    }

    private func quotaReasons(_ demand: Resources, role: String, consumed: ResourceQuantities) -> [String] {
        let topLevel = Roles.topLevel(of: role)
        guard let limits = self.registry.quotas[topLevel]?.limits else { return [] }
        return demand.quantities.entries.compactMap { entry in
            guard limits.names.contains(entry.name), consumed[entry.name] + entry.amount > limits[entry.name] else { return nil }
            return "role \(topLevel) has a quota limit of \(entry.name):\(limits[entry.name]) and already consumes "
                + "\(consumed[entry.name]): \(entry.amount) more would exceed it"
        }
    }

    private func capacityReasons(
        _ demand: Resources, role: String, agents: [AgentExplanation], frameworkID: FrameworkID?, now: MonotonicInstant
    ) -> [String] {
        let active = agents.filter(\.view.isActive)
        guard !active.isEmpty else { return ["no agent is connected"] }
        let fitting = active.filter { $0.shortfall?.isEmpty == true && $0.view.available.allocatable(to: role).contains(demand) }
        guard !fitting.isEmpty else {
            let names = self.frameworks.mapValues { "framework \($0.info.name)" }
            return Self.shortage(demand, role: role, agents: active, names: names)
        }
        guard let frameworkID else { return [] }
        let unfiltered = fitting.filter { agent in
            !self.allocator.isFiltered(agent.view.available.allocatable(to: role), for: frameworkID, in: role, on: agent.view.agentID, now: now)
        }
        guard unfiltered.isEmpty else { return [] }
        // Offers resume once the last filter covering what is free has expired.
        let expiry = fitting.flatMap(\.view.filters).filter { $0.frameworkID == frameworkID && $0.role == role }.map(\.expiry).max()
        let wait = expiry.map { " for another \(Self.seconds($0 - now)) s" } ?? ""
        let name = self.frameworks[frameworkID].map { "framework \($0.info.name) (\(frameworkID))" } ?? "framework \(frameworkID)"
        return ["\(name) declined the agents that fit (\(fitting.map(\.hostname).joined(separator: ", ")))"
            + "; its refusal filters keep them from it\(wait) unless it revives"]
    }

    /// One sentence per resource no agent has enough of, naming the best agent and who holds the rest.
    private static func shortage(
        _ demand: Resources, role: String, agents: [AgentExplanation], names: [FrameworkID: String]
    ) -> [String] {
        var reasons: [String] = []
        for entry in demand.quantities.entries {
            let best = agents.max { $0.view.available.allocatable(to: role).scalar(entry.name) < $1.view.available.allocatable(to: role).scalar(entry.name) }!
            let free = best.view.available.allocatable(to: role).scalar(entry.name)
            guard free < entry.amount else { continue }
            let held = best.view.held.map { "\($0.value.scalar(entry.name)) held by \(names[$0.key] ?? "framework \($0.key)")" }.sorted()
            let holders = held.isEmpty ? "" : " (\(held.joined(separator: ", ")))"
            reasons.append("no agent has \(entry.name):\(entry.amount) free for role \(role): the most is \(free) on \(best.hostname)\(holders)")
        }
        if reasons.isEmpty {
            reasons.append("each resource is free somewhere, but no single agent has all of \(demand.quantities) free for role \(role)")
        }
        return reasons
    }

    private static func seconds(_ duration: Duration) -> String {
        "\((max(0, duration.seconds) * 10).rounded() / 10)"
    }
}
