import AgoraModel

/// Quota arithmetic for one allocation run (Mesos 1.9+ semantics), over top-level roles:
///
/// - consumed(role) = what is offered or allocated to the role's subtree, plus the
///   subtree's reservations nobody holds;
/// - required headroom = Σ over roles of (guarantee − consumed): what must stay free so
///   every guarantee can still be met;
/// - available headroom = unreserved, non-revocable resources nobody holds.
///
/// Taken once at the start of a run (one pass over the agents) and then kept up to date
/// by the run itself, so allocations outside runs cost nothing extra.
struct QuotaSnapshot: Sendable {
    let quotas: [String: Quota]
    private(set) var availableHeadroom = ResourceQuantities()
    private(set) var requiredHeadroom = ResourceQuantities()
    private var unallocatedReservations: [String: ResourceQuantities] = [:]

    init(quotas: [String: Quota], agents: [AgentState?], sorter: DRFSorter) {
        self.quotas = quotas
        for agent in agents {
            guard let agent, agent.isActive else { continue }
            self.availableHeadroom += agent.available.unreserved.nonRevocable.quantities
            for resource in agent.available.reserved {
                guard let role = resource.reservedRole, let amount = resource.scalarValue else { continue }
                self.unallocatedReservations[Roles.topLevel(of: role), default: .init()][resource.name] += amount
            }
        }
        self.requiredHeadroom = quotas.keys.reduce(ResourceQuantities()) { $0 + self.remainingGuarantee(of: $1, sorter: sorter) }
    }

    var hasGuarantees: Bool { self.quotas.values.contains { !$0.guarantees.isEmpty } }

    /// Top-level roles whose guarantees are not met yet.
    func unsatisfiedRoles(sorter: DRFSorter) -> Set<String> {
        Set(self.quotas.keys.filter { !self.remainingGuarantee(of: $0, sorter: sorter).isEmpty })
    }

    func consumed(by role: String, sorter: DRFSorter) -> ResourceQuantities {
        sorter.subtreeAllocation(of: role) + (self.unallocatedReservations[role] ?? .init())
    }

    /// Guarantee of the top-level `role` not yet met (empty without quota or when met).
    func remainingGuarantee(of role: String, sorter: DRFSorter) -> ResourceQuantities {
        guard let guarantees = self.quotas[role]?.guarantees, !guarantees.isEmpty else { return .init() }
        return guarantees - self.consumed(by: role, sorter: sorter)
    }

    /// How much more of each limited resource `role` may take (nil: no limits).
    func remainingLimit(of role: String, sorter: DRFSorter) -> ResourceQuantities? {
        guard let limits = self.quotas[role]?.limits else { return nil }
        return limits - self.consumed(by: role, sorter: sorter)
    }

    /// Headroom not needed by anyone's guarantee.
    var surplus: ResourceQuantities { self.availableHeadroom - self.requiredHeadroom }

    /// Accounts for an offer of `resources` that moved `role`'s unmet guarantee from
    /// `before` to `after`. Reserved resources change nothing: they were consumed already.
    mutating func granted(_ resources: Resources, guaranteeBefore before: ResourceQuantities, after: ResourceQuantities) {
        self.availableHeadroom -= resources.unreserved.nonRevocable.quantities
        self.requiredHeadroom -= before - after
        for resource in resources {
            guard let role = resource.reservedRole, let amount = resource.scalarValue else { continue }
            self.unallocatedReservations[Roles.topLevel(of: role)]?[resource.name] -= amount
        }
    }
}
