import AppsCore

/// Groups (`/v2/groups`): the tree the app IDs imply, `{id, apps, groups, pods,
/// dependencies, version}` (no `enforceRole`, which marathon-python rejects).
struct GroupRenderer {
    let apps: AppInfoRenderer
    /// `group.apps` (default on).
    let includeApps: Bool

    /// The group at `id`, or nil when no app lies under it (the root always exists).
    func group(_ id: PathID) -> JSONValue? {
        let members = self.apps.core.apps.values.filter { $0.id.isWithin(id) && $0.id != id }
        guard id.isRoot || !members.isEmpty else { return nil }
        return self.render(id, members: members)
    }

    private func render(_ id: PathID, members: [AppDefinition]) -> JSONValue {
        let depth = id.segments.count
        let direct = members.filter { $0.id.segments.count == depth + 1 }.sorted { $0.id < $1.id }
        let children = Dictionary(grouping: members.filter { $0.id.segments.count > depth + 1 }) { $0.id.segments[depth] }
        let groups = children.keys.sorted().map { name in
            self.render(PathID(segments: id.segments + [name]), members: children[name]!)
        }
        let version = members.map(\.version).max() ?? self.apps.view.now
        return .object([
            ("id", .string(id.description)),
            ("apps", .array(self.includeApps ? direct.map { self.apps.appInfo($0) } : [])),
            ("groups", .array(groups)), ("pods", .array([])), ("dependencies", .array([])),
            ("version", .string(version.iso8601)),
        ])
    }
}
