import AgoraModel

extension Allocator {
    /// Returns resources a framework declined, left unused in an ACCEPT, or freed when its
    /// tasks ended. With `refuseSeconds` the framework is not offered them (or less) on that
    /// agent again until the refusal expires: negative means the default (5 s), longer than
    /// a year is capped, and no refusal lasts less than the allocation interval. Nil or zero
    /// sets no refusal.
    public mutating func recoverResources(
        _ resources: Resources,
        of frameworkID: FrameworkID,
        on agentID: AgentID,
        refuseSeconds: Double? = nil,
        now: MonotonicInstant
    ) {
        guard let slot = self.agentSlots[agentID], let framework = self.frameworkSlots[frameworkID],
            !resources.isEmpty
        else { return }
        self.untrack(resources, of: framework, on: slot)
        guard let duration = self.refusalDuration(refuseSeconds) else { return }
        for (roleName, part) in Self.byRole(resources) {
            guard let role = self.roleIDs[roleName] else { continue }
            self.addFilter(part.unallocated, framework: framework, key: FilterKey(role: role, agentSlot: slot), expiry: now + duration)
        }
    }

    func refusalDuration(_ refuseSeconds: Double?) -> Duration? {
        guard var seconds = refuseSeconds, !seconds.isNaN else { return nil }
        if seconds < 0 { seconds = self.configuration.defaultRefuseSeconds }
        guard seconds > 0 else { return nil }
        let requested = Duration.seconds(fractional: min(seconds, self.configuration.maxRefuseSeconds))
        return max(requested, self.configuration.allocationInterval)
    }

    private mutating func addFilter(_ resources: Resources, framework: Int, key: FilterKey, expiry: MonotonicInstant) {
        guard self.frameworks[framework] != nil else { return }
        let id = self.nextFilterID
        self.nextFilterID += 1
        self.frameworks[framework]!.filters[key, default: []].append(RefusalFilter(id: id, resources: resources, expiry: expiry))
        self.filterExpiries.insert(FilterExpiry(expiry: expiry, filterID: id, frameworkSlot: framework, key: key))
    }

    /// Drops every filter that has expired by `now`.
    mutating func expireFilters(now: MonotonicInstant) {
        while let next = self.filterExpiries.min, next.expiry <= now {
            _ = self.filterExpiries.removeMin()
            guard var filters = self.frameworks[next.frameworkSlot]?.filters[next.key] else { continue }
            filters.removeAll { $0.id == next.filterID }
            self.frameworks[next.frameworkSlot]?.filters[next.key] = filters.isEmpty ? nil : filters
        }
    }

    /// Whether a refusal stops offering `candidate` to the framework on that agent in that role.
    func isFiltered(_ candidate: Resources, for framework: FrameworkState, key: FilterKey, now: MonotonicInstant) -> Bool {
        guard !framework.filters.isEmpty, let filters = framework.filters[key] else { return false }
        return filters.contains { $0.filters(candidate, now: now) }
    }
}
