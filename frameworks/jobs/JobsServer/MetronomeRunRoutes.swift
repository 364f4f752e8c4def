import AgoraServer
import Hummingbird
import JobsCore

/// Metronome's runs: `GET|POST /v1/jobs/{id}/runs` (POST: run now, 201 with the JobRun),
/// `GET /v1/jobs/{id}/runs/{runId}`, `POST /v1/jobs/{id}/runs/{runId}/actions/stop`.
struct MetronomeRunRoutes: Sendable {
    let routes: JobsRoutes

    func register(on router: Router<AgoraRequestContext>) {
        router.get("v1/jobs/{id}/runs") { _, context in
            let id = context.parameters.get("id") ?? ""
            return await self.routes.read(context) { core, _ in JobsHTTP.response(core.metronomeRuns(id)) }
        }
        router.post("v1/jobs/{id}/runs") { _, context in
            await self.routes.perform(context, .metronomeStartRun(jobID: context.parameters.get("id") ?? ""))
        }
        router.get("v1/jobs/{id}/runs/{runId}") { _, context in
            let id = context.parameters.get("id") ?? ""
            let run = context.parameters.get("runId") ?? ""
            return await self.routes.read(context) { core, _ in JobsHTTP.response(core.metronomeRun(id, run)) }
        }
        router.post("v1/jobs/{id}/runs/{runId}/actions/stop") { _, context in
            await self.routes.perform(context, .metronomeStopRun(jobID: context.parameters.get("id") ?? "", runID: context.parameters.get("runId") ?? ""))
        }
    }
}
