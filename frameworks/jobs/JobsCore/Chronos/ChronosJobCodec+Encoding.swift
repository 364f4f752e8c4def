import OfferMatching

extension ChronosJobCodec {
    /// Whether the Chronos view can show a job: it needs an ISO 8601 schedule or parents
    /// (Chronos has no cron and no manual-only jobs).
    public static func isExpressible(_ definition: JobDefinition) -> Bool {
        switch definition.trigger {
        case .parents: true
        case .schedule(let spec): if case .iso8601 = spec.expression { true } else { false }
        case .manual: false
        }
    }

    /// The job as Chronos serializes it (`JobSerializer`, field order kept), `fetch` and `uris`
    /// mirrored as `GET /jobs` does; nil when the job is not expressible. Agora's
    /// `missedRunPolicy` and `startingDeadlineSeconds` follow when they differ from the defaults.
    public static func encode(_ record: JobRecord) -> JSONValue? {
        let job = record.definition
        guard Self.isExpressible(job) else { return nil }
        let counters = record.counters
        var members: [(String, JSONValue)] = [
            ("name", .string(job.id)), ("command", .string(job.command.value ?? job.command.arguments.first ?? "")),
            ("shell", .bool(job.command.shell)), ("executor", .string(job.chronos.executor)),
            ("executorFlags", .string(job.chronos.executorFlags)), ("taskInfoData", .string(job.chronos.taskInfoData)),
            ("retries", .number(Double(job.policies.retries ?? -1))), ("owner", .string(job.chronos.owner)),
            ("ownerName", .string(job.chronos.ownerName)), ("description", .string(job.description)),
            ("successCount", .number(Double(counters.successCount))), ("errorCount", .number(Double(counters.errorCount))),
            ("lastSuccess", .string(counters.lastSuccess?.iso8601 ?? "")), ("lastError", .string(counters.lastError?.iso8601 ?? "")),
            ("cpus", .number(job.resources.cpus)), ("disk", .number(job.resources.disk)), ("mem", .number(job.resources.mem)),
            ("disabled", .bool(job.disabled)), ("softError", .bool(job.policies.softError)),
            ("dataProcessingJobType", .bool(job.chronos.dataProcessingJobType)),
            ("errorsSinceLastSuccess", .number(Double(counters.errorsSinceLastSuccess))),
            ("fetch", .array(job.fetch.map(Self.fetchJSON))), ("uris", .array(job.fetch.map { .string($0.uri) })),
            ("environmentVariables", .array(job.environment.compactMap(Self.environmentJSON))),
            ("arguments", .array(job.command.arguments.map(JSONValue.string))), ("highPriority", .bool(job.policies.highPriority)),
            ("runAsUser", .string(job.user ?? "")), ("concurrent", .bool(job.policies.concurrency == .allow)),
            ("maxCompletionTime", .number((job.policies.maxCompletionSeconds ?? 0).rounded(.down))),
        ]
        if let container = job.chronos.container { members.append(("container", container)) }
        members.append(("constraints", .array(job.constraints.map(Self.constraintJSON))))
        members += Self.triggerMembers(job)
        return .object(members)
    }

    private static func triggerMembers(_ job: JobDefinition) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if let spec = job.schedule, case .iso8601(let text) = spec.expression {
            members = [("schedule", .string(text)), ("scheduleTimeZone", .string(spec.timeZone))]
            if let deadline = spec.startingDeadlineSeconds { members.append(("startingDeadlineSeconds", .number(deadline))) }
        } else {
            members = [("parents", .array(job.parents.map(JSONValue.string)))]
        }
        if job.policies.missedRuns != .default { members.append(("missedRunPolicy", .string(job.policies.missedRuns.rawValue))) }
        return members
    }

    static func fetchJSON(_ fetch: FetchURI) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("uri", .string(fetch.uri)), ("executable", .bool(fetch.executable)), ("cache", .bool(fetch.cache)),
            ("extract", .bool(fetch.extract)),
        ]
        if let output = fetch.outputFile { members.append(("output_file", .string(output))) }
        return .object(members)
    }

    private static func environmentJSON(_ entry: EnvironmentEntry) -> JSONValue? {
        entry.value.map { .object([("name", .string(entry.name)), ("value", .string($0))]) }
    }

    /// `[attribute, EQUALS|LIKE|UNLIKE, value]`.
    static func constraintJSON(_ constraint: PlacementConstraint) -> JSONValue {
        let name: String
        switch constraint.operator {
        case .is: name = "EQUALS"
        default: name = constraint.operator.rawValue
        }
        return .array([.string(constraint.field), .string(name), .string(constraint.value ?? "")])
    }
}
