extension JobsCore {
    /// The Metronome API's changes: 201/200 with Metronome's bodies, 404 for unknown jobs,
    /// schedules and runs, 409 for duplicates and active runs, 422 for invalid specs.
    mutating func performMetronome(_ command: JobsCommand, now: Timestamp, _ out: inout [JobsDirective])
        -> Result<JobsCommandResult, JobsAPIError>
    {
        switch command {
        case .metronomeCreateJob(let json): return self.metronomeCreate(json, now: now)
        case .metronomeUpdateJob(let id, let json, let replace): return self.metronomeUpdate(id, json, replaceSchedules: replace, now: now)
        case .metronomeDeleteJob(let id, let stop): return self.metronomeDelete(id, stopCurrentJobRuns: stop, now: now, &out)
        case .metronomeCreateSchedule(let id, let json): return self.metronomeCreateSchedule(id, json, now: now)
        case .metronomeUpdateSchedule(let id, let scheduleID, let json):
            return self.metronomeUpdateSchedule(id, scheduleID, json, now: now)
        case .metronomeDeleteSchedule(let id, let scheduleID): return self.metronomeDeleteSchedule(id, scheduleID, now: now)
        case .metronomeStartRun(let id): return self.metronomeStartRun(id, now: now)
        case .metronomeStopRun(let id, let runID): return self.metronomeStopRun(id, runID, now: now, &out)
        default: return .failure(.conflict("Not a Metronome request"))
        }
    }

    /// The job if the Metronome view shows it.
    func metronomeJob(_ id: String) -> Result<JobRecord, JobsAPIError> {
        guard let record = self.jobs[id], MetronomeJobCodec.isExpressible(record.definition) else {
            return .failure(Self.unknownJob(id))
        }
        return .success(record)
    }

    private mutating func metronomeCreate(_ json: JSONValue, now: Timestamp) -> Result<JobsCommandResult, JobsAPIError> {
        let input: MetronomeJobInput
        switch MetronomeJobCodec.decode(json) {
        case .success(let decoded): input = decoded
        case .failure(let failure): return .failure(.invalid(failure))
        }
        guard self.jobs[input.definition.id] == nil else { return .failure(.conflict("Job with this id already exists")) }
        var job = input.definition
        if let schedule = input.schedules?.first {
            guard job.parents.isEmpty else { return .failure(Self.scheduleAndDependencies) }
            schedule.apply(to: &job)
        }
        return self.metronomeStore(job, now: now).map { .created(MetronomeJobCodec.encode(job)) }
    }

    private mutating func metronomeUpdate(_ id: String, _ json: JSONValue, replaceSchedules: Bool, now: Timestamp)
        -> Result<JobsCommandResult, JobsAPIError>
    {
        guard case .success(let record) = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        let input: MetronomeJobInput
        switch MetronomeJobCodec.decode(json, pathID: id, existing: record.definition) {
        case .success(let decoded): input = decoded
        case .failure(let failure): return .failure(.invalid(failure))
        }
        var job = input.definition
        if replaceSchedules, let schedules = input.schedules {
            if let schedule = schedules.first {
                guard job.parents.isEmpty else { return .failure(Self.scheduleAndDependencies) }
                schedule.apply(to: &job)
            } else if job.schedule != nil {
                job.trigger = .manual
            }
        }
        return self.metronomeStore(job, now: now).map { .ok(MetronomeJobCodec.encode(job)) }
    }

    /// Stores a job, answering dependency problems with Metronome's 422 messages.
    mutating func metronomeStore(_ job: JobDefinition, now: Timestamp) -> Result<Void, JobsAPIError> {
        switch self.upsertJob(job, now: now) {
        case .success: return .success(())
        case .failure(let problem):
            let message: String
            switch problem {
            case .noParents: message = "Dependencies must not be empty"
            case .unknownParents(let names): message = "Dependencies contain unknown jobs. unknown=[\(names.joined(separator: ", "))]"
            case .cycle: message = "Dependencies have a cycle."
            case .schedule(let error): message = error.message
            }
            return .failure(.invalid(ValidationFailure(details: [ValidationDetail(path: "/dependencies", errors: [message])])))
        }
    }

    private mutating func metronomeDelete(_ id: String, stopCurrentJobRuns: Bool, now: Timestamp, _ out: inout [JobsDirective])
        -> Result<JobsCommandResult, JobsAPIError>
    {
        guard case .success(let record) = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        if !self.activeRuns(of: id).isEmpty && !stopCurrentJobRuns {
            return .failure(.conflict("There are active job runs. Override with stopCurrentJobRuns=true"))
        }
        let children = (self.childrenByParent[id] ?? []).sorted()
        guard children.isEmpty else {
            return .failure(.conflict("There are jobs with a dependency on \(id). children=[\(children.joined(separator: ", "))]"))
        }
        self.deleteJob(id, rewire: false, now: now, &out)
        return .success(.ok(MetronomeJobCodec.encode(record.definition)))
    }

    static func unknownJob(_ id: String) -> JobsAPIError {
        .notFound(.object([("id", .string(id)), ("message", "Job not found")]))
    }

    static let scheduleAndDependencies = JobsAPIError.invalid(ValidationFailure(details: [
        ValidationDetail(path: "/", errors: ["Jobs may not have both dependencies and schedules specified"]),
    ]))
}
