extension AppsCommand {
    /// What the command does to which apps, as run-spec ACL actions (Marathon-like
    /// `create|update|delete_run_specs` on app paths).
    public func aclChecks(in core: AppsCore) -> [(action: String, app: PathID)] {
        let upsert = { (id: PathID) in (action: core.apps[id] == nil ? "create_run_specs" : "update_run_specs", app: id) }
        switch self {
        case .createApp(let json, _):
            return [("create_run_specs", PathID(json["id"]?.stringValue ?? ""))]
        case .updateApp(let id, _, _, _, _):
            return [upsert(PathID(id))]
        case .updateApps(let json, _, _):
            guard case .array(let items) = json else { return [] }
            return items.map { upsert(PathID($0["id"]?.stringValue ?? "")) }
        case .deleteApp(let id, _):
            return [("delete_run_specs", PathID(id))]
        case .restartApp(let id, _), .resetDelay(let id):
            return [("update_run_specs", PathID(id))]
        case .killTasks(let appID, let taskIDs, _, _, _, _):
            // Killing by host alone touches any app: it needs update rights on the root.
            let apps = appID.map { [PathID($0)] } ?? taskIDs.map { $0.compactMap(core.appID(ofTask:)) } ?? [.root]
            return apps.map { (action: "update_run_specs", app: $0) }
        case .deleteDeployment(let id, _):
            return (core.deployments[id]?.affectedApps ?? []).map { (action: "update_run_specs", app: $0) }
        }
    }
}
