/// Chooses instances to kill on scale-down so `GROUP_BY` spreads stay even (Marathon's
/// `Constraints.selectInstancesToKill`).
public enum ConstraintBalancer {
    /// Up to `count` ids from `candidates` whose removal keeps every GROUP_BY distribution even
    /// (difference between the largest and smallest group at most 1, or smaller than before).
    /// Returns fewer (possibly none) when there is no GROUP_BY constraint or no even choice;
    /// the caller fills up with its kill order. `candidates` order breaks ties.
    public static func instancesToKill(
        _ candidates: [(id: String, placement: Placement)], count: Int, constraints: [PlacementConstraint]
    ) -> [String] {
        guard count < candidates.count else { return candidates.map(\.id) }
        let distributions = constraints.filter { $0.operator == .groupBy }.map { constraint in
            Distribution(groups: Self.groups(candidates, by: constraint.field))
        }
        guard !distributions.isEmpty else { return [] }
        var chosen: [String] = []
        var chosenSet: Set<String> = []
        while chosen.count < count {
            let ordered = distributions.sorted { $0.difference(without: chosenSet) > $1.difference(without: chosenSet) }
            let tried = ordered.flatMap { $0.largestGroupMembers(without: chosenSet) }
                + candidates.map(\.id).filter { !chosenSet.contains($0) }
            let pick = tried.first { id in
                distributions.allSatisfy { $0.isMoreEven(without: chosenSet.union([id])) }
            }
            guard let pick else { break }
            chosen.append(pick)
            chosenSet.insert(pick)
        }
        return chosen
    }

    private static func groups(_ candidates: [(id: String, placement: Placement)], by field: String) -> [[String]] {
        var order: [String?] = []
        var members: [String?: [String]] = [:]
        for candidate in candidates {
            let key = candidate.placement.value(of: field)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(candidate.id)
        }
        return order.map { members[$0]! }
    }

    private struct Distribution {
        var groups: [[String]]

        func sizes(without removed: Set<String>) -> [Int] {
            self.groups.map { group in group.count { !removed.contains($0) } }
        }

        func difference(without removed: Set<String> = []) -> Int {
            let sizes = self.sizes(without: removed)
            return (sizes.max() ?? 0) - (sizes.min() ?? 0)
        }

        func isMoreEven(without removed: Set<String>) -> Bool {
            let after = self.difference(without: removed)
            return after <= 1 || self.difference() > after
        }

        /// Members of the largest groups, or none when all groups are the same size.
        func largestGroupMembers(without removed: Set<String>) -> [String] {
            let sizes = self.sizes(without: removed)
            guard Set(sizes).count > 1, let largest = sizes.max() else { return [] }
            return zip(self.groups, sizes).filter { $0.1 == largest }.flatMap { $0.0.filter { !removed.contains($0) } }
        }
    }
}
