import AgoraServer
import Hummingbird
import JobsCore

/// Metronome's jobs: `GET|POST /v1/jobs`, `GET|PUT|DELETE /v1/jobs/{id}`, and the legacy
/// `POST /v0/scheduled-jobs`, `PUT /v0/scheduled-jobs/{id}` (a job with its schedules).
struct MetronomeJobRoutes: Sendable {
    let routes: JobsRoutes

    func register(on router: Router<AgoraRequestContext>) {
        router.get("v1/jobs") { request, context in
            switch MetronomeRequests.embeds(request) {
            case .failure(let error): return error.response
            case .success(let embeds): return await self.routes.read(context) { core, now in JobsHTTP.json(core.metronomeJobs(embed: embeds, now: now)) }
            }
        }
        router.post("v1/jobs") { request, context in await self.create(request, context) }
        router.post("v0/scheduled-jobs") { request, context in await self.create(request, context) }
        router.get("v1/jobs/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            switch MetronomeRequests.embeds(request) {
            case .failure(let error): return error.response
            case .success(let embeds):
                return await self.routes.read(context) { core, now in JobsHTTP.response(core.metronomeJobInfo(id, embed: embeds, now: now)) }
            }
        }
        router.put("v1/jobs/{id}") { request, context in await self.update(request, context, replaceSchedules: false) }
        router.put("v0/scheduled-jobs/{id}") { request, context in await self.update(request, context, replaceSchedules: true) }
        router.delete("v1/jobs/{id}") { request, context in
            switch MetronomeRequests.flag(request, "stopCurrentJobRuns") {
            case .failure(let error): return error.response
            case .success(let stop):
                return await self.routes.perform(context, .metronomeDeleteJob(id: context.parameters.get("id") ?? "", stopCurrentJobRuns: stop ?? false))
            }
        }
    }

    private func create(_ request: Request, _ context: AgoraRequestContext) async -> Response {
        switch await MetronomeRequests.body(request, limit: self.routes.maxRequestBytes) {
        case .failure(let error): return error.response
        case .success(let json): return await self.routes.perform(context, .metronomeCreateJob(json))
        }
    }

    private func update(_ request: Request, _ context: AgoraRequestContext, replaceSchedules: Bool) async -> Response {
        switch await MetronomeRequests.body(request, limit: self.routes.maxRequestBytes) {
        case .failure(let error): return error.response
        case .success(let json):
            return await self.routes.perform(context, .metronomeUpdateJob(id: context.parameters.get("id") ?? "", json, replaceSchedules: replaceSchedules))
        }
    }
}
