import Foundation

extension ACLs {
    /// What a server with credentials and no `--acls` enforces: anyone may read (views,
    /// sandboxes, metrics, flags) and agents may register; every other action is denied
    /// until an ACL allows it. Mesos's default is to allow everything.
    public static let readOnly: ACLs = {
        let everyone = ACLRule(principals: .any, objects: .any)
        let reads = [
            "view_frameworks", "view_tasks", "view_executors", "view_roles", "view_flags", "get_endpoints", "get_quotas",
            "access_sandboxes", "get_maintenance_schedules", "get_maintenance_statuses", "view_run_specs",
            // Agents do not authenticate to the master yet; refusing them would stop the cluster.
            "register_agents",
        ]
        return ACLs(permissive: false, rules: Dictionary(uniqueKeysWithValues: reads.map { ($0, [everyone]) }))
    }()

    /// Mesos's `--acls` value: inline JSON (starting with `{`), a path or a `file://` path.
    public static func isInline(_ value: String) -> Bool {
        value.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{")
    }
}
