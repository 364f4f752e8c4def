import AppsCore
import Hummingbird

/// `/v2/apps/{id}/tasks` and `/v2/apps/{id}/tasks/{taskId}`: list and kill, with `scale`
/// (a deployment shrinking the app), `wipe` and `host`.
struct AppTasksRoutes {
    let api: APIContext

    func handle(_ request: MarathonRequest, rest: [String]) async throws(MarathonError) -> Response {
        if rest.last == "tasks" {
            let id = AppsRoutes.path(rest.dropLast())
            switch request.method {
            case .get: return try await self.list(id, request)
            case .delete: return try await self.kill(request, appID: id, taskIDs: nil, host: request.value("host"))
            default: throw .methodNotAllowed
            }
        }
        return try await self.kill(request, appID: AppsRoutes.path(rest.dropLast(2)), taskIDs: [rest.last!], host: nil)
    }

    private func list(_ id: String, _ request: MarathonRequest) async throws(MarathonError) -> Response {
        let view = try await self.api.view(request)
        let renderer = AppInfoRenderer(view: view, embeds: [], extensions: false)
        let tasks: [TaskView]
        if id.hasSuffix("/*") || id == "/*" {
            tasks = view.core.tasks(of: PathID(String(id.dropLast(2))))
        } else {
            let path = PathID(id)
            guard view.core.apps[path] != nil else { throw .notFound("App '\(path)' does not exist") }
            tasks = view.core.tasks(of: path).filter { $0.appID == path }
        }
        return .marathon(.object([("tasks", .array(tasks.map { renderer.taskJSON($0) }))]))
    }

    private func kill(_ request: MarathonRequest, appID: String, taskIDs: [String]?, host: String?) async throws(MarathonError) -> Response {
        let command = AppsCommand.killTasks(
            appID: appID, taskIDs: taskIDs, host: host, scale: try request.flag("scale", default: false),
            wipe: try request.flag("wipe", default: false), force: try request.flag("force", default: false))
        let result = try await self.api.perform(command, request)
        switch result {
        case .deployment(let ref): return .deployment(ref)
        case .killed(let tasks):
            let view = try await self.api.view(request)
            let renderer = AppInfoRenderer(view: view, embeds: [], extensions: false)
            if taskIDs != nil, let task = tasks.first { return .marathon(.object([("task", renderer.taskJSON(task))])) }
            return .marathon(.object([("tasks", .array(tasks.map { renderer.taskJSON($0) }))]))
        default: throw AppsRoutes.unexpected
        }
    }
}
