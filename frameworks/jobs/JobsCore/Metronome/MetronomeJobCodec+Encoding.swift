import OfferMatching

extension MetronomeJobCodec {
    /// Whether the Metronome view can show a job: its id must be a Metronome id. (An ISO 8601
    /// schedule is not expressible there; such a job is shown without schedules.)
    public static func isExpressible(_ definition: JobDefinition) -> Bool { Self.isValidJobID(definition.id) }

    /// The JobSpec as Metronome writes it (`JobSpecFormat`): `{id, description?, labels, run}`.
    public static func encode(_ definition: JobDefinition) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(definition.id))]
        if !definition.description.isEmpty { members.append(("description", .string(definition.description))) }
        members.append(("labels", .object(definition.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        members.append(("run", Self.runJSON(definition)))
        return .object(members)
    }

    /// The `run` object in `RunSpecFormat`'s order; optional fields only when set.
    public static func runJSON(_ job: JobDefinition) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("cpus", .number(job.resources.cpus)), ("mem", .number(job.resources.mem)), ("disk", .number(job.resources.disk)),
        ]
        if job.resources.gpus > 0 { members.append(("gpus", .number(Double(job.resources.gpus)))) }
        members += Self.commandMembers(job.command)
        if let user = job.user { members.append(("user", .string(user))) }
        members.append(("env", Self.environmentJSON(job.environment)))
        members.append(("placement", .object([("constraints", .array(job.constraints.map(Self.constraintJSON)))])))
        members.append(("artifacts", .array(job.fetch.map(Self.artifactJSON))))
        members.append(("maxLaunchDelay", .number((job.policies.maxLaunchDelaySeconds ?? 3600).rounded(.down))))
        if let docker = job.metronome.docker { members.append(("docker", docker)) }
        if let ucr = job.metronome.ucr { members.append(("ucr", ucr)) }
        members.append(("volumes", job.metronome.volumes ?? .array([])))
        var restart: [(String, JSONValue)] = [("policy", .string(job.policies.restartOnFailure ? "ON_FAILURE" : "NEVER"))]
        if let deadline = job.policies.activeDeadlineSeconds { restart.append(("activeDeadlineSeconds", .number(deadline.rounded(.down)))) }
        members.append(("restart", .object(restart)))
        if let grace = job.policies.killGracePeriodSeconds { members.append(("taskKillGracePeriodSeconds", .number(grace))) }
        // Only when set: Metronome clients' JobSpec messages have no `secrets` field.
        if let secrets = job.metronome.secrets, secrets != .object([]) { members.append(("secrets", secrets)) }
        if let networks = job.metronome.networks { members.append(("networks", networks)) }
        return .object(members)
    }

    /// `cmd` for a shell command; `args` (argv) otherwise, with the executable first when it
    /// is not argv[0] already (a Chronos `shell: false` job).
    private static func commandMembers(_ command: JobCommand) -> [(String, JSONValue)] {
        if command.shell { return command.value.map { [("cmd", .string($0))] } ?? [] }
        var argv = command.arguments
        if let value = command.value, !value.isEmpty, argv.first != value { argv.insert(value, at: 0) }
        return [("args", .array(argv.map(JSONValue.string)))]
    }

    /// Later entries win for repeated names (a JSON object cannot repeat keys).
    private static func environmentJSON(_ entries: [EnvironmentEntry]) -> JSONValue {
        var order: [String] = []
        var values: [String: JSONValue] = [:]
        for entry in entries {
            if values[entry.name] == nil { order.append(entry.name) }
            if let value = entry.value {
                values[entry.name] = .string(value)
            } else if let secret = entry.secret {
                values[entry.name] = .object([("secret", .string(secret))])
            }
        }
        return .object(order.map { ($0, values[$0]!) })
    }

    private static func constraintJSON(_ constraint: PlacementConstraint) -> JSONValue {
        var members: [(String, JSONValue)] = [("attribute", .string(constraint.field)), ("operator", .string(constraint.operator.rawValue))]
        if let value = constraint.value { members.append(("value", .string(value))) }
        return .object(members)
    }

    private static func artifactJSON(_ fetch: FetchURI) -> JSONValue {
        .object([("uri", .string(fetch.uri)), ("extract", .bool(fetch.extract)), ("executable", .bool(fetch.executable)),
                 ("cache", .bool(fetch.cache))])
    }
}
