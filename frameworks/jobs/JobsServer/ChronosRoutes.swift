import AgoraServer
import HTTPTypes
import Hummingbird
import JobsCore

/// Chronos's REST API under both `/v1/scheduler` (3.x) and `/scheduler` (2.x), with `/ping`
/// and `/metrics` unprefixed. Errors are 400 `{"status","message"}`, even for an unknown job.
struct ChronosRoutes: Sendable {
    let routes: JobsRoutes

    func register(on router: Router<AgoraRequestContext>) {
        for (prefix, legacy) in [("v1/scheduler", false), ("scheduler", true)] {
            let group = router.group(RouterPath(prefix))
            self.registerJobs(on: group, legacy: legacy)
            self.registerReports(on: group)
        }
    }

    private func registerJobs(on group: RouterGroup<AgoraRequestContext>, legacy: Bool) {
        group.get("jobs") { _, context in await self.routes.read(context) { core, _ in JobsHTTP.json(core.chronosJobs()) } }
        group.get("jobs/summary") { _, context in await self.routes.read(context) { core, _ in JobsHTTP.json(core.chronosSummary()) } }
        group.get("jobs/search") { request, context in
            await self.routes.read(context) { core, _ in
                JobsHTTP.json(core.chronosSearch(
                    name: request.query("name"), command: request.query("command"), any: request.query("any"),
                    limit: request.query("limit").flatMap { Int($0) }, offset: request.query("offset").flatMap { Int($0) }))
            }
        }
        for (path, kind) in [("iso8601", ChronosJobKind.scheduled), ("dependency", .dependent)] {
            group.post(RouterPath(path)) { request, context in await self.upsert(request, context, kind: kind) }
            // Chronos 2.x takes PUT as well (chronos-python's legacy mode updates with PUT).
            if legacy { group.put(RouterPath(path)) { request, context in await self.upsert(request, context, kind: kind) } }
        }
        group.get("job/{name}") { _, context in
            let name = context.parameters.get("name") ?? ""
            return await self.routes.read(context) { core, _ in JobsHTTP.response(core.chronosJob(name)) }
        }
        group.put("job/{name}") { request, context in
            await self.routes.perform(context, .chronosRun(name: context.parameters.get("name") ?? "", arguments: request.query("arguments")))
        }
        group.delete("job/{name}") { _, context in await self.routes.perform(context, .chronosDelete(name: context.parameters.get("name") ?? "")) }
        group.put("job/success/{name}") { _, context in
            await self.routes.perform(context, .chronosMarkSuccess(name: context.parameters.get("name") ?? ""))
        }
        group.delete("task/kill/{name}") { _, context in
            await self.routes.perform(context, .chronosKillTasks(name: context.parameters.get("name") ?? ""))
        }
        group.get("job/stat/{name}") { _, context in
            let name = context.parameters.get("name") ?? ""
            return await self.routes.read(context) { core, _ in JobsHTTP.response(core.chronosJobStat(name)) }
        }
    }

    /// Reads the body and upserts; malformed JSON is a 400 naming the problem.
    private func upsert(_ request: Request, _ context: AgoraRequestContext, kind: ChronosJobKind) async -> Response {
        var request = request
        do {
            switch try await JobsHTTP.body(&request, limit: self.routes.maxRequestBytes) {
            case .success(let json): return await self.routes.perform(context, .chronosUpsert(json, kind: kind))
            case .failure(let problem): return JobsHTTP.chronosError("Invalid JSON: \(problem)")
            }
        } catch {
            return JobsHTTP.chronosError("\(error)", status: .contentTooLarge)
        }
    }

    private func registerReports(on group: RouterGroup<AgoraRequestContext>) {
        group.get("graph/csv") { _, context in await self.routes.read(context) { core, _ in JobsHTTP.text(core.chronosGraphCSV()) } }
        group.get("graph/dot") { _, context in await self.routes.read(context) { core, _ in JobsHTTP.text(core.chronosGraphDot()) } }
        group.get("stats/{statistic}") { _, context in
            let statistic = context.parameters.get("statistic") ?? ""
            return await self.routes.read(context) { core, _ in JobsHTTP.response(core.chronosStats(statistic)) }
        }
        group.get("leader") { _, _ in await LeaderReport.response(self.routes.shell) }
    }
}
