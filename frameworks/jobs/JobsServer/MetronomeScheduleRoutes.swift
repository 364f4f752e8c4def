import AgoraServer
import Hummingbird
import JobsCore

/// Metronome's schedules: `GET|POST /v1/jobs/{id}/schedules` and
/// `GET|PUT|DELETE /v1/jobs/{id}/schedules/{scheduleId}` (one schedule per job).
struct MetronomeScheduleRoutes: Sendable {
    let routes: JobsRoutes

    func register(on router: Router<AgoraRequestContext>) {
        router.get("v1/jobs/{id}/schedules") { _, context in
            let id = context.parameters.get("id") ?? ""
            return await self.routes.read(context) { core, now in JobsHTTP.response(core.metronomeSchedules(id, now: now)) }
        }
        router.post("v1/jobs/{id}/schedules") { request, context in
            switch await MetronomeRequests.body(request, limit: self.routes.maxRequestBytes) {
            case .failure(let error): return error.response
            case .success(let json): return await self.routes.perform(context, .metronomeCreateSchedule(jobID: context.parameters.get("id") ?? "", json))
            }
        }
        router.get("v1/jobs/{id}/schedules/{scheduleId}") { _, context in
            let id = context.parameters.get("id") ?? ""
            let schedule = context.parameters.get("scheduleId") ?? ""
            return await self.routes.read(context) { core, now in JobsHTTP.response(core.metronomeSchedule(id, schedule, now: now)) }
        }
        router.put("v1/jobs/{id}/schedules/{scheduleId}") { request, context in
            switch await MetronomeRequests.body(request, limit: self.routes.maxRequestBytes) {
            case .failure(let error): return error.response
            case .success(let json):
                return await self.routes.perform(context, .metronomeUpdateSchedule(
                    jobID: context.parameters.get("id") ?? "", scheduleID: context.parameters.get("scheduleId") ?? "", json))
            }
        }
        router.delete("v1/jobs/{id}/schedules/{scheduleId}") { _, context in
            await self.routes.perform(context, .metronomeDeleteSchedule(
                jobID: context.parameters.get("id") ?? "", scheduleID: context.parameters.get("scheduleId") ?? ""))
        }
    }
}
