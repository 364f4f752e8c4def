import AgoraModel

extension Allocator {
    /// `resources` with unreserved, non-revocable scalars cut to what quota allows `role`:
    ///
    /// - its top-level role's limits are never exceeded;
    /// - stage 1 gives each guaranteed resource up to the unmet guarantee, and other
    ///   resources only out of surplus headroom;
    /// - stage 2 may hand out surplus headroom plus the role's own unmet guarantee, so
    ///   the resources other roles are guaranteed stay free.
    func capped(_ resources: Resources, for role: Int, stage: AllocationStage, run: AllocationRun) -> Resources {
        guard let quota = run.quota else { return resources }
        let topLevel = self.roles[self.roles[role].topLevel].name
        let limits = quota.quotas[topLevel]?.limits
        let limit = quota.remainingLimit(of: topLevel, sorter: self.roleSorter)
        let hasGuarantees = quota.hasGuarantees
        guard limit != nil || hasGuarantees else { return resources }
        let guarantees = quota.quotas[topLevel]?.guarantees ?? ResourceQuantities()
        let guarantee = quota.remainingGuarantee(of: topLevel, sorter: self.roleSorter)
        let surplus = quota.surplus
        return Self.chop(resources) { name in
            var cap: Scalar?
            if stage == .guarantees && guarantees[name].isPositive {
                cap = guarantee[name]
            } else if hasGuarantees {
                cap = surplus[name] + (stage == .fairShare ? guarantee[name] : .zero)
            }
            if let limit, let limits, limits[name].isPositive || limits.names.contains(name) {
                cap = min(cap ?? limit[name], limit[name])
            }
            return cap
        }
    }

    /// Cuts each unreserved, non-revocable scalar to `cap(name)` (nil: no cap), sharing one
    /// cap across entries of the same name.
    static func chop(_ resources: Resources, cap: (String) -> Scalar?) -> Resources {
        var remaining: [(name: String, cap: Scalar?)] = []
        var result = Resources()
        for resource in resources {
            guard resource.isUnreserved, !resource.isRevocable, let amount = resource.scalarValue else {
                result.add(resource)
                continue
            }
            let index = remaining.firstIndex { $0.name == resource.name } ?? {
                remaining.append((resource.name, cap(resource.name)))
                return remaining.count - 1
            }()
            guard let limit = remaining[index].cap else {
                result.add(resource)
                continue
            }
            let granted = min(amount, limit)
            remaining[index].cap = limit - granted
            var chopped = resource
            chopped.value = .scalar(granted)
            result.add(chopped)
        }
        return result
    }

    /// Whether `role`'s quota limits leave it unable to take any minimum-allocatable set of
    /// unreserved resources. Consumption only grows during a run, so once blocked a role
    /// stays blocked until the run ends.
    func isBlockedByLimits(_ topLevel: Int, quota: QuotaSnapshot) -> Bool {
        let name = self.roles[topLevel].name
        guard let limits = quota.quotas[name]?.limits,
            let remaining = quota.remainingLimit(of: name, sorter: self.roleSorter)
        else { return false }
        let minimums = self.configuration.minAllocatable
        return !minimums.contains { minimum in
            minimum.entries.allSatisfy { entry in
                !limits.names.contains(entry.name) || remaining[entry.name] >= entry.amount
            }
        }
    }
}
