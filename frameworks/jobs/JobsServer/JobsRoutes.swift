import AgoraSecurity
import AgoraServer
import Hummingbird
import JobsCore

/// What every route needs: the shell, and the two ways to reach the engine.
struct JobsRoutes: Sendable {
    let shell: JobsShell
    let maxRequestBytes: Int
    /// The ACLs' `create|update|delete|view_run_specs` on job paths (`JobsCore.aclPath`).
    let policy: AccessPolicy

    /// A read-only request against a snapshot of the engine, with only the jobs the
    /// request's principal may view; 503 unless leading.
    func read(_ context: AgoraRequestContext, _ body: (JobsCore, Timestamp) -> Response) async -> Response {
        guard let (core, now) = await self.shell.snapshot() else { return JobsHTTP.unavailable("this instance does not lead") }
        guard self.policy.acls != nil else { return body(core, now) }
        return body(core.viewed { self.policy.allows("view_run_specs", principal: context.principal, object: JobsCore.aclPath(of: $0)) }, now)
    }

    /// A change; the response is sent once the change is durable. 503 unless leading; 403
    /// when the ACLs refuse it to the request's principal.
    func perform(_ context: AgoraRequestContext, _ command: JobsCommand) async -> Response {
        if self.policy.acls != nil, let (core, _) = await self.shell.snapshot() {
            for (action, jobID) in command.aclChecks(in: core)
            where !self.policy.allows(action, principal: context.principal, object: JobsCore.aclPath(of: jobID)) {
                return JobsHTTP.forbidden("Not Authorized to perform this action! (\(action) on \(JobsCore.aclPath(of: jobID)))")
            }
        }
        do {
            return JobsHTTP.response(try await self.shell.perform(command))
        } catch {
            return JobsHTTP.unavailable(error.reason)
        }
    }
}
