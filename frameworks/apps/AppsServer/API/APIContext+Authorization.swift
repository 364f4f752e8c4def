import AgoraSecurity
import AppsCore

/// The apps server's ACL checks: Marathon-like `create_run_specs`, `update_run_specs`,
/// `delete_run_specs` and `view_run_specs` on app paths (a rule on a group covers its
/// apps), from the same ACL file as the master's.
extension APIContext {
    private var policy: AccessPolicy { self.settings.access }

    /// The state as the request's principal may see it.
    func view(_ request: MarathonRequest) async throws(MarathonError) -> AppsView {
        let whole = try await self.view()
        guard self.policy.acls != nil else { return whole }
        let core = whole.core.viewed { self.policy.allows("view_run_specs", principal: request.principal, object: $0.description) }
        return AppsView(core: core, now: whole.now, frameworkID: whole.frameworkID)
    }

    /// A 403 (Marathon's plugin body) when the ACLs refuse `command` to the request's
    /// principal; nil when they allow it.
    func refusal(of command: AppsCommand, _ request: MarathonRequest) async throws(MarathonError) -> MarathonError? {
        guard self.policy.acls != nil else { return nil }
        let core = try await self.view().core
        for (action, app) in Self.checks(command, in: core)
        where !self.policy.allows(action, principal: request.principal, object: app.description) {
            return MarathonError(status: .forbidden, message: "Not Authorized to perform this action! (\(action) on \(app))")
        }
        return nil
    }

    /// What `command` does to which apps. Updating an app that does not exist creates it.
    static func checks(_ command: AppsCommand, in core: AppsCore) -> [(String, PathID)] {
        let upsert = { (id: PathID) in (core.apps[id] == nil ? "create_run_specs" : "update_run_specs", id) }
        switch command {
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
            return apps.map { ("update_run_specs", $0) }
        case .deleteDeployment(let id, _):
            return (core.deployments[id]?.affectedApps ?? []).map { ("update_run_specs", $0) }
        }
    }
}
