import OfferMatching

/// A decoded Metronome JobSpec, with the `schedules` of a `/v0/scheduled-jobs` body.
public struct MetronomeJobInput: Hashable, Sendable {
    public var definition: JobDefinition
    /// Nil when the body had no `schedules` field.
    public var schedules: [MetronomeSchedule]?
}

/// Metronome's JobSpec, ScheduleSpec and JobRun JSON (`api/v1/models`, `jobspec.schema.json`).
/// Output carries only fields of Metronome's schema; Agora's extensions are accepted on input.
public enum MetronomeJobCodec {
    /// Decodes a JobSpec. `pathID` (from the URL of a PUT) replaces the body's `id`. Fields only
    /// the Chronos API knows are kept from `existing`; so is the schedule (Metronome's PUT keeps
    /// schedules) unless the body has `dependencies`.
    public static func decode(_ json: JSONValue, pathID: String? = nil, existing: JobDefinition? = nil)
        -> Result<MetronomeJobInput, ValidationFailure>
    {
        var reader = JSONReader()
        guard case .object = json else { return .failure(Self.notAnObject) }
        let id = pathID ?? json["id"].flatMap { reader.string($0, "/id") }
        if let id, !Self.isValidJobID(id) {
            reader.problems.add("/id", "must match \(Self.jobIDPattern)")
        } else if id == nil, !reader.problems.hasTypeErrors {
            reader.problems.add("/id", "error.path.missing")
        }
        var job = existing ?? Self.newJob(id: id ?? "")
        job.id = id ?? ""
        job.description = json["description"].flatMap { reader.string($0, "/description") } ?? ""
        job.labels = json["labels"].flatMap { reader.stringMap($0, "/labels") } ?? [:]
        Self.decodeDependencies(json["dependencies"], existing: existing, into: &job, &reader)
        if let run = json["run"], !run.isNull {
            Self.decodeRun(run, into: &job, existing: existing, &reader)
        } else {
            reader.problems.add("/run", "error.path.missing")
        }
        let schedules = Self.decodeSchedules(json["schedules"], &reader)
        if let failure = reader.problems.failure { return .failure(failure) }
        return .success(MetronomeJobInput(definition: job, schedules: schedules))
    }

    /// Metronome's defaults: 1 cpu, 128 MB, `restart: NEVER` (no retries), `FORBID` (the
    /// issue's default; Metronome's own is `ALLOW`).
    static func newJob(id: String) -> JobDefinition {
        var job = JobDefinition(id: id)
        job.policies.retries = 0
        job.command = JobCommand(value: nil)
        return job
    }

    private static func decodeDependencies(_ value: JSONValue?, existing: JobDefinition?, into job: inout JobDefinition,
                                           _ reader: inout JSONReader) {
        let dependencies = value.flatMap { $0.isNull ? nil : reader.strings($0, "/dependencies") } ?? []
        if Set(dependencies).count != dependencies.count { reader.problems.add("/dependencies", "has double entries") }
        if !dependencies.isEmpty {
            job.trigger = .parents(dependencies)
        } else if case .parents = existing?.trigger {
            job.trigger = .manual
        }
    }

    private static func decodeSchedules(_ value: JSONValue?, _ reader: inout JSONReader) -> [MetronomeSchedule]? {
        guard let value, !value.isNull, let items = reader.array(value, "/schedules") else { return nil }
        var schedules: [MetronomeSchedule] = []
        for (index, item) in items.enumerated() {
            switch MetronomeScheduleCodec.decode(item) {
            case .success(let schedule): schedules.append(schedule)
            case .failure(let failure):
                for detail in failure.details {
                    for error in detail.errors { reader.problems.add("/schedules(\(index))" + detail.path, error) }
                }
            }
        }
        if schedules.count > 1 { reader.problems.add("/schedules", "Only one schedule supported at the moment") }
        return schedules
    }

    /// `^([a-z0-9]+(-+[a-z0-9]+)*)(\.([a-z0-9]+(-+[a-z0-9]+)*))*$`: dot-separated names of
    /// lower-case letters, digits and inner dashes.
    public static func isValidJobID(_ id: String) -> Bool {
        let segments = id.split(separator: ".", omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            !segment.isEmpty && segment.first != "-" && segment.last != "-"
                && segment.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    /// Metronome's job id pattern, for messages.
    public static let jobIDPattern = #"^([a-z0-9]+(-+[a-z0-9]+)*)(\.([a-z0-9]+(-+[a-z0-9]+)*))*$"#

    static let notAnObject = ValidationFailure(message: "Invalid JSON", details: [ValidationDetail(path: "/", errors: ["error.expected.jsobject"])])
}
