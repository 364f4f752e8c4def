import AppsCore
import Hummingbird

/// `GET /v2/groups[/{id}]`: the tree the app IDs form (apps in groups by their paths).
/// Changing groups goes through `/v2/apps` (`PUT /v2/apps` takes many apps at once).
struct GroupsRoutes {
    let api: APIContext

    func handle(_ request: MarathonRequest, rest: [String]) async throws(MarathonError) -> Response {
        guard request.method == .get else {
            throw MarathonError(
                status: .methodNotAllowed,
                message: "Groups are read-only here: change apps with /v2/apps (PUT /v2/apps takes several at once)")
        }
        let view = try await self.api.view(request)
        let embeds = request.values("embed")
        var appEmbeds: AppEmbeds = []
        for embed in embeds where embed.hasPrefix("group.apps.") {
            appEmbeds.formUnion(AppEmbeds(values: ["app." + embed.dropFirst("group.apps.".count)], base: []))
        }
        let renderer = GroupRenderer(
            apps: AppInfoRenderer(view: view, embeds: appEmbeds, extensions: try APIContext.wantsExtensions(request)),
            includeApps: embeds.isEmpty || embeds.contains { $0.hasPrefix("group.apps") })
        let id = PathID(AppsRoutes.path(rest[...]))
        guard let group = renderer.group(id) else { throw .notFound("Group '\(id)' does not exist") }
        return .marathon(group)
    }
}
