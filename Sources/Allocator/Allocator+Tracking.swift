import AgoraModel

extension Allocator {
    /// Records `resources` (tagged with allocation roles) as offered to or used by a framework.
    mutating func track(_ resources: Resources, of framework: Int, on slot: Int) {
        guard self.agents[slot] != nil, let frameworkState = self.frameworks[framework] else { return }
        self.agents[slot]!.allocated[framework, default: Resources()] += resources
        self.agents[slot]!.available -= resources.unallocated
        let name = frameworkState.id.value
        for (roleName, part) in Self.byRole(resources) {
            let role = self.roleID(for: roleName)
            self.roleSorter.add(roleName, tag: role)
            if !self.roles[role].members.isEmpty { self.roleSorter.activate(roleName) }
            self.frameworkSorters[role, default: DRFSorter()].add(name, tag: framework)
            if frameworkState.isOfferable(in: role) { self.frameworkSorters[role]?.activate(name) }
            let quantities = part.quantities
            self.roleSorter.allocated(roleName, quantities, context: self.roleShares)
            self.frameworkSorters[role]?.allocated(name, quantities, context: self.frameworkShares)
        }
    }

    /// Forgets `resources` as allocated to a framework, returning them to the agent.
    mutating func untrack(_ resources: Resources, of framework: Int, on slot: Int) {
        guard var agent = self.agents[slot], let held = agent.allocated[framework],
            let frameworkState = self.frameworks[framework]
        else { return }
        let returned = resources.filter { held.contains($0) }
        let remaining = held - returned
        agent.allocated[framework] = remaining.isEmpty ? nil : remaining
        agent.available += returned.unallocated
        self.agents[slot] = agent
        let name = frameworkState.id.value
        for (roleName, part) in Self.byRole(returned) {
            guard let role = self.roleIDs[roleName] else { continue }
            let quantities = part.quantities
            self.roleSorter.unallocated(roleName, quantities, context: self.roleShares)
            self.frameworkSorters[role]?.unallocated(name, quantities, context: self.frameworkShares)
            if !frameworkState.roles.contains(role), self.frameworkSorters[role]?.allocation(of: name).isEmpty == true {
                self.frameworkSorters[role]?.remove(name)
            }
            self.dropRoleIfUnused(role)
        }
    }

    /// Splits tagged resources by allocation role; untagged ones count as `*`.
    static func byRole(_ resources: Resources) -> [(String, Resources)] {
        if let only = resources.items.first?.allocationRole,
            resources.items.allSatisfy({ $0.allocationRole == only })
        {
            return [(only, resources)]
        }
        var parts: [String: Resources] = [:]
        for resource in resources {
            var tagged = resource
            if tagged.allocationRole == nil { tagged.allocationRole = Roles.defaultRole }
            parts[tagged.allocationRole!, default: Resources()].add(tagged)
        }
        return parts.sorted { $0.key < $1.key }
    }
}
