/// Diffs app definitions into deployment steps (Marathon's `DeploymentPlan`, reference §4.1):
/// stops first, then starts (0 instances) of new apps, then scale/restart actions grouped by
/// the length of each app's longest dependency chain.
public enum DeploymentPlanner {
    public static func steps(
        original: [PathID: AppDefinition], target: [PathID: AppDefinition], toKill: [PathID: [String]] = [:]
    ) -> [DeploymentStep] {
        let removed = original.keys.filter { target[$0] == nil }.sorted()
        let added = target.keys.filter { original[$0] == nil }.sorted()
        var steps = [
            DeploymentStep(actions: removed.map { DeploymentAction(.stop, $0) }),
            DeploymentStep(actions: added.map { DeploymentAction(.start, $0) }),
        ]
        var byDepth: [Int: [DeploymentAction]] = [:]
        for id in target.keys.sorted() {
            let app = target[id]!
            let action: DeploymentAction
            if let old = original[id] {
                if old.needsRestart(becoming: app) {
                    action = DeploymentAction(.restart, id)
                } else if old.instances != app.instances || toKill[id] != nil {
                    action = DeploymentAction(.scale, id, toKill: toKill[id] ?? [])
                } else {
                    continue
                }
            } else {
                action = DeploymentAction(.scale, id)
            }
            byDepth[self.longestDependencyPath(from: id, in: target), default: []].append(action)
        }
        steps += byDepth.keys.sorted().map { DeploymentStep(actions: byDepth[$0]!) }
        return steps.filter { !$0.actions.isEmpty }
    }

    /// Length of the longest chain of dependencies starting at `id` (0 without dependencies).
    /// A dependency on a group path means every app under it; cycles are cut.
    static func longestDependencyPath(from id: PathID, in apps: [PathID: AppDefinition], visiting: Set<PathID> = []) -> Int {
        guard let app = apps[id], !visiting.contains(id) else { return 0 }
        let next = app.dependencies.flatMap { dependency in apps.keys.filter { $0.isWithin(dependency) && $0 != id } }
        return next.map { 1 + self.longestDependencyPath(from: $0, in: apps, visiting: visiting.union([id])) }.max() ?? 0
    }

    /// Whether the dependencies of `apps` form a cycle.
    static func hasCycle(in apps: [PathID: AppDefinition]) -> Bool {
        func reaches(_ start: PathID, _ current: PathID, _ seen: Set<PathID>) -> Bool {
            guard let app = apps[current] else { return false }
            for dependency in app.dependencies {
                for next in apps.keys where next.isWithin(dependency) && next != current {
                    if next == start { return true }
                    if !seen.contains(next), reaches(start, next, seen.union([next])) { return true }
                }
            }
            return false
        }
        return apps.keys.contains { reaches($0, $0, [$0]) }
    }
}
