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
        for (action, app) in command.aclChecks(in: core)
        where !self.policy.allows(action, principal: request.principal, object: app.description) {
            return MarathonError(status: .forbidden, message: "Not Authorized to perform this action! (\(action) on \(app))")
        }
        return nil
    }
}
