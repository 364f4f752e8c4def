import AppsCore
import Hummingbird

/// `/v2/deployments`: a bare array; DELETE rolls back (202 and nothing else with `force`).
struct DeploymentsRoutes {
    let api: APIContext

    func handle(_ request: MarathonRequest, rest: [String]) async throws(MarathonError) -> Response {
        switch (request.method, rest.count) {
        case (.get, 0):
            let view = try await self.api.view(request)
            return .marathon(.array(view.core.deploymentList.map { DeploymentJSON.info($0, core: view.core) }))
        case (.delete, 1):
            let command = AppsCommand.deleteDeployment(id: rest[0], force: try request.flag("force", default: false))
            switch try await self.api.perform(command, request) {
            case .deployment(let ref): return .deployment(ref)
            case .accepted: return .empty(.accepted)
            default: throw AppsRoutes.unexpected
            }
        case (_, 0), (_, 1): throw .methodNotAllowed
        default: throw .uriNotFound
        }
    }
}
