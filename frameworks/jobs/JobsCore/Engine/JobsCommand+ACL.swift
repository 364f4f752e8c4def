extension JobsCommand {
    /// What the command does to which jobs, as run-spec ACL actions: an upsert of a job that
    /// does not exist creates it; running, stopping, killing and schedule changes update it.
    public func aclChecks(in core: JobsCore) -> [(action: String, jobID: String)] {
        let update = "update_run_specs"
        switch self {
        case .chronosUpsert(let json, _):
            let name = json["name"]?.stringValue ?? ""
            return [(core.jobs[name] == nil ? "create_run_specs" : update, name)]
        case .chronosRun(let name, _), .chronosMarkSuccess(let name), .chronosKillTasks(let name):
            return [(update, name)]
        case .chronosDelete(let name):
            return [("delete_run_specs", name)]
        case .metronomeCreateJob(let json):
            return [("create_run_specs", json["id"]?.stringValue ?? "")]
        case .metronomeUpdateJob(let id, _, _), .metronomeCreateSchedule(let id, _), .metronomeUpdateSchedule(let id, _, _),
            .metronomeDeleteSchedule(let id, _), .metronomeStartRun(let id), .metronomeStopRun(let id, _):
            return [(update, id)]
        case .metronomeDeleteJob(let id, _):
            return [("delete_run_specs", id)]
        }
    }
}
