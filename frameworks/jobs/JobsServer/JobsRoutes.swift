import AgoraServer
import Hummingbird
import JobsCore

/// What every route needs: the shell, and the two ways to reach the engine.
struct JobsRoutes: Sendable {
    let shell: JobsShell
    let maxRequestBytes: Int

    /// A read-only request against a snapshot of the engine; 503 unless leading.
    func read(_ body: (JobsCore, Timestamp) -> Response) async -> Response {
        guard let (core, now) = await self.shell.snapshot() else { return JobsHTTP.unavailable("this instance does not lead") }
        return body(core, now)
    }

    /// A change; the response is sent once the change is durable. 503 unless leading.
    func perform(_ command: JobsCommand) async -> Response {
        do {
            return JobsHTTP.response(try await self.shell.perform(command))
        } catch {
            return JobsHTTP.unavailable(error.reason)
        }
    }
}
