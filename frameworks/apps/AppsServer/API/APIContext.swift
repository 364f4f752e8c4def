import AppsCore
import Hummingbird

/// What every route handler works with.
struct APIContext: Sendable {
    let shell: AppsShell
    let settings: AppsSettings
    let metrics: APIMetrics
    /// The port this server listens on (known once it listens).
    let port: @Sendable () -> Int
    /// Gives up leadership (`DELETE /v2/leader`); false when not leading.
    let abdicate: @Sendable () async -> Bool

    /// The whole state, to render a read from; 503 while the state is loading. Reads that
    /// answer a client use `view(request)`, which leaves out what the client may not see.
    func view() async throws(MarathonError) -> AppsView {
        guard let view = await self.shell.view() else { throw Self.loading }
        return view
    }

    /// Runs a command; a refusal becomes Marathon's error answer.
    func perform(_ command: AppsCommand, _ request: MarathonRequest) async throws(MarathonError) -> AppsCommandResult {
        if let refusal = try await self.refusal(of: command, request) { throw refusal }
        switch await self.shell.perform(command, origin: request.origin) {
        case .failure(.notLeading): throw Self.loading
        case .failure(.notStored):
            throw MarathonError(status: .serviceUnavailable, message: "The change could not be stored and was not made; try again")
        case .success(.failed(let error)): throw MarathonError(error)
        case .success(let result): return result
        }
    }

    static let loading = MarathonError(status: .serviceUnavailable, message: "The leader is loading its state; try again shortly")

    /// Agora's extensions (`deadlineSeconds`, `rollbackOnDeadline`) are shown only to
    /// clients that use them: `?extensions=true`, or a body that carries one.
    static func wantsExtensions(_ request: MarathonRequest, body: JSONValue? = nil) throws(MarathonError) -> Bool {
        if try request.flag("extensions", default: false) { return true }
        guard let body else { return false }
        let items: [JSONValue] = if case .array(let list) = body { list } else { [body] }
        return items.contains { $0["deadlineSeconds"] != nil || $0["rollbackOnDeadline"] != nil }
    }
}
