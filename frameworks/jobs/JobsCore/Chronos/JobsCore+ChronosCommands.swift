extension JobsCore {
    /// The Chronos API's changes. Every error is Chronos's 400 with a message naming the field;
    /// an unknown job is 400 `Job 'x' not found`, as Chronos answers.
    mutating func performChronos(_ command: JobsCommand, now: Timestamp, _ out: inout [JobsDirective])
        -> Result<JobsCommandResult, JobsAPIError>
    {
        switch command {
        case .chronosUpsert(let json, let kind):
            return self.chronosUpsert(json, kind: kind, now: now)
        case .chronosRun(let name, let arguments):
            guard self.jobs[name] != nil else { return .failure(Self.chronosNotFound(name)) }
            _ = self.runNow(name, arguments: arguments, now: now)
            return .success(.noContent)
        case .chronosMarkSuccess(let name):
            guard self.jobs[name] != nil else { return .failure(Self.chronosNotFound(name)) }
            self.markSuccess(name, now: now)
            return .success(.text("marked job \(name) as successful: true"))
        case .chronosDelete(let name):
            guard self.jobs[name] != nil else { return .failure(Self.chronosNotFound(name)) }
            self.deleteJob(name, rewire: true, now: now, &out)
            return .success(.noContent)
        case .chronosKillTasks(let name):
            guard self.jobs[name] != nil else { return .failure(Self.chronosNotFound(name)) }
            self.stopAllRuns(of: name, now: now, &out)
            return .success(.noContent)
        default:
            return .failure(.chronos("Not a Chronos request"))
        }
    }

    private mutating func chronosUpsert(_ json: JSONValue, kind: ChronosJobKind, now: Timestamp) -> Result<JobsCommandResult, JobsAPIError> {
        let existing = json["name"]?.stringValue.flatMap { self.jobs[$0]?.definition }
        let update: ChronosJobUpdate
        switch ChronosJobCodec.decode(json, kind: kind, existing: existing, configuration: self.configuration, now: now) {
        case .success(let decoded): update = decoded
        case .failure(let error): return .failure(error)
        }
        switch self.upsertJob(update.definition, counters: update.counters.apply, now: now) {
        case .success: return .success(.noContent)
        case .failure(let problem): return .failure(.chronos(Self.chronosMessage(problem, job: update.definition.id)))
        }
    }

    static func chronosNotFound(_ name: String) -> JobsAPIError { .chronos("Job '\(name)' not found") }

    static func chronosMessage(_ problem: JobChangeProblem, job: String) -> String {
        switch problem {
        case .noParents: "Field 'parents' must name at least one parent job"
        case .unknownParents(let names):
            "Field 'parents': parent job\(names.count == 1 ? "" : "s") \(names.map { "'\($0)'" }.joined(separator: ", ")) of job '\(job)' "
                + (names.count == 1 ? "does" : "do") + " not exist"
        case .cycle(let path): "Field 'parents': dependency cycle \(path.joined(separator: " -> "))"
        case .schedule(let error): error.message
        }
    }
}
