import AppsCore
import Hummingbird

/// `/v2/tasks` (every task, `status` filter) and `POST /v2/tasks/delete`.
struct TasksRoutes {
    let api: APIContext

    func handle(_ request: MarathonRequest, rest: [String]) async throws(MarathonError) -> Response {
        switch (request.method, rest) {
        case (.get, []): return try await self.list(request)
        case (.post, ["delete"]): return try await self.delete(request)
        case (_, []), (_, ["delete"]): throw .methodNotAllowed
        default: throw .uriNotFound
        }
    }

    private func list(_ request: MarathonRequest) async throws(MarathonError) -> Response {
        let view = try await self.api.view(request)
        let wanted = Set(request.values("status").map { $0.lowercased() })
        let renderer = AppInfoRenderer(view: view, embeds: [], extensions: false)
        let tasks = view.core.allTasks.filter { task in
            wanted.isEmpty || (wanted.contains("running") && task.state == .running)
                || (wanted.contains("staging") && [.staging, .starting].contains(task.state))
        }
        return .marathon(.object([("tasks", .array(tasks.map { renderer.taskJSON($0) }))]))
    }

    private func delete(_ request: MarathonRequest) async throws(MarathonError) -> Response {
        let body = try request.json()
        guard case .array(let items)? = body["ids"], items.allSatisfy({ $0.stringValue != nil }) else {
            throw MarathonError(status: .badRequest, message: "The body must be {\"ids\": [\"<task id>\", ...]}")
        }
        let command = AppsCommand.killTasks(
            appID: nil, taskIDs: items.compactMap(\.stringValue), host: nil, scale: try request.flag("scale", default: false),
            wipe: try request.flag("wipe", default: false), force: try request.flag("force", default: false))
        switch try await self.api.perform(command, request) {
        case .deployment(let ref): return .deployment(ref)
        case .killed(let tasks):
            let renderer = AppInfoRenderer(view: try await self.api.view(request), embeds: [], extensions: false)
            return .marathon(.object([("tasks", .array(tasks.map { renderer.taskJSON($0) }))]))
        default: throw AppsRoutes.unexpected
        }
    }
}
