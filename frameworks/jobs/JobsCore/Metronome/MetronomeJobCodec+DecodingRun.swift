import OfferMatching

extension MetronomeJobCodec {
    /// The `run` object: command, resources, environment, placement, artifacts and policies.
    static func decodeRun(_ run: JSONValue, into job: inout JobDefinition, existing: JobDefinition?, _ reader: inout JSONReader) {
        guard reader.object(run, "/run") != nil else { return }
        Self.decodeCommand(run, into: &job, &reader)
        job.resources.cpus = Self.number(run["cpus"], "/run/cpus", minimum: 0.01, default: 1, &reader)
        job.resources.mem = Self.number(run["mem"], "/run/mem", minimum: 32, default: 128, &reader)
        job.resources.disk = Self.number(run["disk"], "/run/disk", minimum: 0, default: 0, &reader)
        job.resources.gpus = Int(Self.number(run["gpus"], "/run/gpus", minimum: 0, default: 0, &reader))
        job.user = run["user"].flatMap { $0.isNull ? nil : reader.string($0, "/run/user") }
        job.environment = Self.environment(run["env"], &reader)
        job.constraints = Self.constraints(run["placement"], &reader)
        job.fetch = Self.artifacts(run["artifacts"], &reader)
        let delay = run["maxLaunchDelay"].flatMap { $0.isNull ? nil : reader.number($0, "/run/maxLaunchDelay") }
        if let delay, delay < 1 { reader.problems.add("/run/maxLaunchDelay", "must be at least 1") }
        job.policies.maxLaunchDelaySeconds = delay
        job.policies.killGracePeriodSeconds = run["taskKillGracePeriodSeconds"].flatMap {
            $0.isNull ? nil : reader.number($0, "/run/taskKillGracePeriodSeconds")
        }
        Self.decodeRestart(run["restart"], existing: existing, into: &job, &reader)
        job.metronome = Self.passthrough(run, &reader)
        if job.metronome.docker != nil && job.metronome.ucr != nil {
            reader.problems.add("/run", "Either Docker or UCR should be provided, but not both")
        }
        if job.command.value == nil && job.command.arguments.isEmpty && job.metronome.docker == nil && job.metronome.ucr == nil {
            reader.problems.add("/run", "Cmd, Docker or UCR image must be specified")
        }
    }

    /// `docker`, `ucr` (each needs an `image`), `volumes`, `secrets`, `networks`: kept as given.
    private static func passthrough(_ run: JSONValue, _ reader: inout JSONReader) -> MetronomeFields {
        var fields = MetronomeFields()
        func present(_ key: String) -> JSONValue? { run[key].flatMap { $0.isNull ? nil : $0 } }
        for key in ["docker", "ucr"] {
            guard let value = present(key) else { continue }
            if reader.object(value, "/run/\(key)") != nil, value["image"] == nil {
                reader.problems.add("/run/\(key)/image", "error.path.missing")
            }
        }
        fields.docker = present("docker")
        fields.ucr = present("ucr")
        fields.volumes = present("volumes")
        fields.secrets = present("secrets")
        fields.networks = present("networks")
        return fields
    }

    /// `cmd` (a shell command) or `args` (argv), not both.
    private static func decodeCommand(_ run: JSONValue, into job: inout JobDefinition, _ reader: inout JSONReader) {
        let cmd = run["cmd"].flatMap { $0.isNull ? nil : reader.string($0, "/run/cmd") }
        let args = run["args"].flatMap { $0.isNull ? nil : reader.strings($0, "/run/args") }
        if cmd?.isEmpty == true { reader.problems.add("/run/cmd", "must not be empty") }
        if cmd != nil && args != nil { reader.problems.add("/run", "Only one of cmd or args may be given") }
        if let cmd {
            job.command = JobCommand(value: cmd, shell: true, arguments: [])
        } else if let args {
            job.command = JobCommand(value: nil, shell: false, arguments: args)
        } else {
            job.command = JobCommand(value: nil, shell: true, arguments: [])
        }
    }

    private static func number(_ value: JSONValue?, _ path: String, minimum: Double, default fallback: Double,
                               _ reader: inout JSONReader) -> Double {
        guard let value, !value.isNull, let number = reader.number(value, path) else { return fallback }
        if number < minimum { reader.problems.add(path, "must be at least \(JSONValue.format(minimum))") }
        return number
    }

    /// `env`: names to strings or to `{"secret": "<name>"}`.
    private static func environment(_ value: JSONValue?, _ reader: inout JSONReader) -> [EnvironmentEntry] {
        guard let value, !value.isNull, let members = reader.object(value, "/run/env") else { return [] }
        return members.compactMap { name, item in
            if case .string(let text) = item { return EnvironmentEntry(name: name, value: text) }
            if let secret = item["secret"]?.stringValue { return EnvironmentEntry(name: name, secret: secret) }
            reader.problems.add("/run/env/\(name)", "must be a string or {\"secret\": \"<name>\"}")
            return nil
        }
    }

    /// `placement.constraints`: `{attribute, operator: IS|EQ|LIKE|UNLIKE, value}`.
    private static func constraints(_ value: JSONValue?, _ reader: inout JSONReader) -> [PlacementConstraint] {
        guard let value, !value.isNull, reader.object(value, "/run/placement") != nil,
              let list = value["constraints"], !list.isNull, let items = reader.array(list, "/run/placement/constraints") else { return [] }
        var result: [PlacementConstraint] = []
        for (index, item) in items.enumerated() {
            let path = "/run/placement/constraints(\(index))"
            guard reader.object(item, path) != nil else { continue }
            let attribute = item["attribute"].flatMap { reader.string($0, path + "/attribute") }
            let op = item["operator"].flatMap { reader.string($0, path + "/operator") }
            let text = item["value"].flatMap { $0.isNull ? nil : reader.string($0, path + "/value") }
            guard let attribute, let op else {
                reader.problems.add(path, "attribute and operator are required")
                continue
            }
            switch Result(catching: { () throws(ConstraintError) in try PlacementConstraint.metronome(attribute: attribute, operator: op, value: text) }) {
            case .success(let constraint): result.append(constraint)
            case .failure(.unknownOperator(let name)):
                reader.problems.add(path + "/operator", "'\(name)' is not a valid operator. Allowed values: IS, EQ, LIKE, UNLIKE")
            case .failure(let error): reader.problems.add(path, error.description)
            }
        }
        return result
    }

    private static func artifacts(_ value: JSONValue?, _ reader: inout JSONReader) -> [FetchURI] {
        guard let value, !value.isNull, let items = reader.array(value, "/run/artifacts") else { return [] }
        return items.enumerated().compactMap { index, item in
            let path = "/run/artifacts(\(index))"
            guard reader.object(item, path) != nil else { return nil }
            guard let uri = item["uri"].flatMap({ reader.string($0, path + "/uri") }) else {
                reader.problems.add(path + "/uri", "error.path.missing")
                return nil
            }
            func flag(_ key: String, _ fallback: Bool) -> Bool {
                item[key].flatMap { $0.isNull ? nil : reader.bool($0, "\(path)/\(key)") } ?? fallback
            }
            return FetchURI(uri: uri, extract: flag("extract", true), executable: flag("executable", false), cache: flag("cache", false))
        }
    }

    /// `restart: {policy: NEVER|ON_FAILURE, activeDeadlineSeconds}`. `ON_FAILURE` keeps a limited
    /// retry count set through the Chronos API; otherwise it relaunches without limit.
    private static func decodeRestart(_ value: JSONValue?, existing: JobDefinition?, into job: inout JobDefinition,
                                      _ reader: inout JSONReader) {
        guard let value, !value.isNull, reader.object(value, "/run/restart") != nil else {
            job.policies.retries = 0
            job.policies.activeDeadlineSeconds = nil
            return
        }
        let policy = value["policy"].flatMap { $0.isNull ? nil : reader.string($0, "/run/restart/policy") } ?? "NEVER"
        switch policy {
        case "NEVER": job.policies.retries = 0
        case "ON_FAILURE": job.policies.retries = existing?.policies.retries.flatMap { $0 > 0 ? $0 : nil }
        default: reader.problems.add("/run/restart/policy", "'\(policy)' is not a valid restart policy. Allowed values: NEVER, ON_FAILURE")
        }
        let deadline = value["activeDeadlineSeconds"].flatMap { $0.isNull ? nil : reader.int($0, "/run/restart/activeDeadlineSeconds") }
        if let deadline, deadline < 0 { reader.problems.add("/run/restart/activeDeadlineSeconds", "must not be negative") }
        job.policies.activeDeadlineSeconds = deadline.map(Double.init)
    }
}
