extension JobsCore {
    /// `POST /v1/jobs/{id}/schedules`: one schedule per job (a second is 422, a duplicate id 409).
    mutating func metronomeCreateSchedule(_ id: String, _ json: JSONValue, now: Timestamp) -> Result<JobsCommandResult, JobsAPIError> {
        guard case .success(let record) = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        let schedule: MetronomeSchedule
        switch MetronomeScheduleCodec.decode(json) {
        case .success(let decoded): schedule = decoded
        case .failure(let failure): return .failure(.invalid(failure))
        }
        var job = record.definition
        if let existing = job.schedule {
            if existing.id == schedule.spec.id { return .failure(.conflict("A schedule with id \(existing.id) already exists")) }
            return .failure(.invalid(ValidationFailure(details: [
                ValidationDetail(path: "/schedules", errors: ["Only one schedule supported at the moment"]),
            ])))
        }
        guard job.parents.isEmpty else { return .failure(Self.scheduleAndDependencies) }
        schedule.apply(to: &job)
        return self.metronomeStore(job, now: now).map { .created(self.scheduleJSON(id, now: now)) }
    }

    /// `PUT /v1/jobs/{id}/schedules/{scheduleId}`: replaces an existing schedule.
    mutating func metronomeUpdateSchedule(_ id: String, _ scheduleID: String, _ json: JSONValue, now: Timestamp)
        -> Result<JobsCommandResult, JobsAPIError>
    {
        guard case .success(let record) = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        guard record.definition.schedule?.id == scheduleID, MetronomeScheduleCodec.encode(record.definition, nextRunAt: nil) != nil else {
            return .failure(Self.unknownSchedule(scheduleID))
        }
        let schedule: MetronomeSchedule
        switch MetronomeScheduleCodec.decode(json, pathID: scheduleID) {
        case .success(let decoded): schedule = decoded
        case .failure(let failure): return .failure(.invalid(failure))
        }
        var job = record.definition
        schedule.apply(to: &job)
        return self.metronomeStore(job, now: now).map { .ok(self.scheduleJSON(id, now: now)) }
    }

    /// `DELETE /v1/jobs/{id}/schedules/{scheduleId}`: the job becomes manual.
    mutating func metronomeDeleteSchedule(_ id: String, _ scheduleID: String, now: Timestamp) -> Result<JobsCommandResult, JobsAPIError> {
        guard case .success(let record) = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        guard record.definition.schedule?.id == scheduleID, MetronomeScheduleCodec.encode(record.definition, nextRunAt: nil) != nil else {
            return .failure(Self.unknownSchedule(scheduleID))
        }
        var job = record.definition
        job.trigger = .manual
        return self.metronomeStore(job, now: now).map { .okEmpty }
    }

    /// `POST /v1/jobs/{id}/runs`: 201 with the new run; 409 when the job is disabled or
    /// `FORBID` finds a run active (the refusal is recorded in the history).
    mutating func metronomeStartRun(_ id: String, now: Timestamp) -> Result<JobsCommandResult, JobsAPIError> {
        guard case .success = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        switch self.runNow(id, arguments: nil, now: now) {
        case .success(let key): return .success(.created(MetronomeRunCodec.encode(self.runs[key]!)))
        case .failure(.concurrencyForbidden):
            return .failure(.conflict("Job '\(id)' has an active run and its concurrencyPolicy is FORBID"))
        case .failure(let reason): return .failure(.conflict("Job '\(id)' cannot run now: \(reason.rawValue)"))
        }
    }

    /// `POST /v1/jobs/{id}/runs/{runId}/actions/stop`: kills the run's task; 200 with the run.
    mutating func metronomeStopRun(_ id: String, _ runID: String, now: Timestamp, _ out: inout [JobsDirective])
        -> Result<JobsCommandResult, JobsAPIError>
    {
        guard case .success = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        guard let run = self.activeRuns(of: id).first(where: { $0.id == runID }) else {
            return .failure(Self.unknownRun(id, runID))
        }
        self.stopRun(run.key, reason: .stopped, now: now, &out)
        if let current = self.runs[run.key] { return .success(.ok(MetronomeRunCodec.encode(current))) }
        let finished = self.histories[id]?.entries.last { $0.runID == runID }
        return .success(.ok(finished.flatMap(MetronomeRunCodec.encode) ?? MetronomeRunCodec.encode(run)))
    }

    /// The job's ScheduleSpec with `nextRunAt`, or `null` for a job without a cron schedule.
    func scheduleJSON(_ id: String, now: Timestamp) -> JSONValue {
        guard let definition = self.jobs[id]?.definition else { return .null }
        return MetronomeScheduleCodec.encode(definition, nextRunAt: self.nextRunAt(id, now: now)) ?? .null
    }

    static func unknownSchedule(_ id: String) -> JobsAPIError {
        .notFound(.object([("id", .string(id)), ("message", "Schedule not found")]))
    }

    static func unknownRun(_ jobID: String, _ runID: String) -> JobsAPIError {
        .notFound(.object([("jobSpec", .string(jobID)), ("id", .string(runID)), ("message", "Job Run not found")]))
    }
}
