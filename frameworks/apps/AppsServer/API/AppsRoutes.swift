import AppsCore
import HTTPTypes
import Hummingbird

/// `/v2/apps` (reference §2.3): list, create, get, update (partial, rollback), delete,
/// restart, versions; `/tasks` tails go to `AppTasksRoutes`.
struct AppsRoutes {
    let api: APIContext

    /// `rest`: the path segments after `/v2/apps`.
    func handle(_ request: MarathonRequest, rest: [String]) async throws(MarathonError) -> Response {
        let last = rest.last
        let secondLast = rest.count >= 2 ? rest[rest.count - 2] : nil
        switch (request.method, last, secondLast) {
        case (_, nil, _): return try await self.collection(request)
        case (.post, "restart", _): return try await self.restart(request, id: Self.path(rest.dropLast()))
        case (_, "tasks", _), (.delete, _, "tasks"):
            return try await AppTasksRoutes(api: self.api).handle(request, rest: rest)
        case (.get, "versions", _): return try await self.versions(Self.path(rest.dropLast()), request)
        case (.get, _, "versions"): return try await self.version(Self.path(rest.dropLast(2)), last!, request)
        default: return try await self.single(request, id: Self.path(rest[...]))
        }
    }

    static func path(_ segments: ArraySlice<String>) -> String { "/" + segments.joined(separator: "/") }

    private func collection(_ request: MarathonRequest) async throws(MarathonError) -> Response {
        switch request.method {
        case .get: return try await self.list(request)
        case .post:
            let body = try request.json()
            let result = try await self.api.perform(.createApp(body, force: try request.flag("force", default: false)), request)
            return try self.created(result, request, body: body)
        case .put:
            let body = try request.json()
            let command = AppsCommand.updateApps(
                body, partial: try request.flag("partialUpdate", default: true), force: try request.flag("force", default: false))
            guard case .deployment(let ref) = try await self.api.perform(command, request) else { throw Self.unexpected }
            return .deployment(ref)
        default: throw .methodNotAllowed
        }
    }

    private func list(_ request: MarathonRequest) async throws(MarathonError) -> Response {
        let view = try await self.api.view(request)
        let selector = try request.value("label").map { text throws(MarathonError) in
            guard let selector = LabelSelector(text) else { throw MarathonError(status: .badRequest, message: "Invalid label selector '\(text)'") }
            return selector
        }
        let idFilter = request.value("id")?.lowercased()
        let cmdFilter = request.value("cmd")
        let renderer = AppInfoRenderer(
            view: view, embeds: AppEmbeds(values: request.values("embed"), base: .list), extensions: try APIContext.wantsExtensions(request))
        let apps = view.core.apps.values.sorted { $0.id < $1.id }.filter { app in
            (idFilter.map { app.id.description.lowercased().contains($0) } ?? true)
                && (cmdFilter.map { app.cmd?.contains($0) == true } ?? true)
                && (selector?.matches(app.labels) ?? true)
        }
        return .marathon(.object([("apps", .array(apps.map { renderer.appInfo($0) }))]))
    }

    private func single(_ request: MarathonRequest, id: String) async throws(MarathonError) -> Response {
        let force = try request.flag("force", default: false)
        switch request.method {
        case .get: return try await self.get(request, id: id)
        case .put, .patch:
            let body = try request.json()
            let command = AppsCommand.updateApp(
                id: id, body, partial: request.method == .patch ? true : try request.flag("partialUpdate", default: true),
                force: force, createIfMissing: request.method == .put)
            return try self.created(try await self.api.perform(command, request), request, body: body)
        case .delete:
            guard case .deployment(let ref) = try await self.api.perform(.deleteApp(id: id, force: try request.flag("force", default: true)), request)
            else { throw Self.unexpected }
            return .deployment(ref)
        default: throw .methodNotAllowed
        }
    }

    private func get(_ request: MarathonRequest, id: String) async throws(MarathonError) -> Response {
        let view = try await self.api.view(request)
        let renderer = AppInfoRenderer(
            view: view, embeds: AppEmbeds(values: request.values("embed"), base: .single), extensions: try APIContext.wantsExtensions(request))
        if id.hasSuffix("/*") || id == "/*" {
            let group = PathID(String(id.dropLast(2)))
            let apps = view.core.apps.values.filter { $0.id.isWithin(group) }.sorted { $0.id < $1.id }
            return .marathon(.object([("*", .array(apps.map { renderer.appInfo($0) }))]))
        }
        let path = PathID(id)
        guard let app = view.core.apps[path] else { throw .notFound("App '\(path)' does not exist") }
        return .marathon(.object([("app", renderer.appInfo(app))]))
    }

    private func restart(_ request: MarathonRequest, id: String) async throws(MarathonError) -> Response {
        let command = AppsCommand.restartApp(id: id, force: try request.flag("force", default: false))
        guard case .deployment(let ref) = try await self.api.perform(command, request) else { throw Self.unexpected }
        return .deployment(ref)
    }

    private func versions(_ id: String, _ request: MarathonRequest) async throws(MarathonError) -> Response {
        let view = try await self.api.view(request)
        let path = PathID(id)
        guard view.core.apps[path] != nil, let versions = view.core.versions[path] else { throw .notFound("App '\(path)' does not exist") }
        return .marathon(.object([("versions", .array(versions.map { .string($0.version.iso8601) }))]))
    }

    private func version(_ id: String, _ text: String, _ request: MarathonRequest) async throws(MarathonError) -> Response {
        let view = try await self.api.view(request)
        let path = PathID(id)
        guard view.core.apps[path] != nil else { throw .notFound("App '\(path)' does not exist") }
        guard let version = Timestamp(iso8601: text), let app = view.core.appVersion(path, version) else {
            throw .notFound("App '\(path)' does not exist in version \(text)")
        }
        return .marathon(app.marathonJSON())
    }

    /// 201 with the app, `Location` and `Marathon-Deployment-Id` for a new app; 200 with the
    /// deployment for a change.
    private func created(_ result: AppsCommandResult, _ request: MarathonRequest, body: JSONValue) throws(MarathonError) -> Response {
        switch result {
        case .created(let app, let ref):
            let location = request.base(fallback: self.api.settings.advertisedAddress(port: self.api.port())) + "/v2/apps" + app.id.description
            let json = AppInfoRenderer.created(app, deploymentID: ref.id, extensions: try APIContext.wantsExtensions(request, body: body))
            let headers: HTTPFields = [.location: location, .marathonDeploymentID: ref.id]
            if request.method == .post { return .marathon(json, status: .created, headers: headers) }
            return .marathon(ref.json, status: .created, headers: headers)
        case .deployment(let ref): return .deployment(ref)
        default: throw Self.unexpected
        }
    }

    static let unexpected = MarathonError(status: .internalServerError, message: "unexpected result of the change")
}
