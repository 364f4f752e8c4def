/// A decoded Metronome ScheduleSpec: the schedule plus the job policies it carries.
public struct MetronomeSchedule: Hashable, Sendable {
    public var spec: ScheduleSpec
    /// `concurrencyPolicy` (default `FORBID`, the choice; Metronome's is `ALLOW`).
    public var concurrency: ConcurrencyPolicy
    /// Agora's `missedRunPolicy` extension, when given.
    public var missedRuns: MissedRunPolicy?

    /// Applies the schedule and its policies to a job.
    public func apply(to job: inout JobDefinition) {
        job.trigger = .schedule(self.spec)
        job.policies.concurrency = self.concurrency
        if let missedRuns = self.missedRuns { job.policies.missedRuns = missedRuns }
    }
}

/// Metronome's ScheduleSpec JSON: `{id, cron, timezone: "UTC", startingDeadlineSeconds: 900,
/// concurrencyPolicy, enabled: true}` plus `nextRunAt` in responses.
public enum MetronomeScheduleCodec {
    /// Decodes a ScheduleSpec; `pathID` (from a PUT URL) replaces the body's `id`.
    public static func decode(_ json: JSONValue, pathID: String? = nil) -> Result<MetronomeSchedule, ValidationFailure> {
        var reader = JSONReader()
        guard case .object = json else { return .failure(MetronomeJobCodec.notAnObject) }
        let id = pathID ?? json["id"].flatMap { reader.string($0, "/id") }
        if let id, !Self.isValidScheduleID(id) {
            reader.problems.add("/id", "must match ^([a-z0-9][a-z0-9\\-]*[a-z0-9]+)$")
        } else if id == nil { reader.problems.add("/id", "error.path.missing") }
        let cron = json["cron"].flatMap { reader.string($0, "/cron") }
        if cron == nil { reader.problems.add("/cron", "error.path.missing") }
        let zoneValue = json["timezone"] ?? json["timeZone"]
        let zone = zoneValue.flatMap { $0.isNull ? nil : reader.string($0, "/timezone") } ?? "UTC"
        if let cron {
            do { _ = try CronSchedule.parse(cron, timeZone: zone) } catch {
                reader.problems.add("/" + error.field, error.message)
            }
        }
        let deadline = json["startingDeadlineSeconds"].flatMap { $0.isNull ? nil : reader.int($0, "/startingDeadlineSeconds") } ?? 900
        if deadline < 60 { reader.problems.add("/startingDeadlineSeconds", "must be at least 60 seconds") }
        let concurrency = Self.enumeration(json["concurrencyPolicy"], "/concurrencyPolicy", "concurrency policy",
                                           allowed: "ALLOW, FORBID", default: ConcurrencyPolicy.forbid, &reader)
        let missed: MissedRunPolicy? = json["missedRunPolicy"].flatMap { value in
            value.isNull ? nil : Self.enumeration(value, "/missedRunPolicy", "missed-run policy", allowed: "skip, runOnce, runAll",
                                                  default: .default, &reader)
        }
        let enabled = json["enabled"].flatMap { $0.isNull ? nil : reader.bool($0, "/enabled") } ?? true
        if let failure = reader.problems.failure { return .failure(failure) }
        let spec = ScheduleSpec(id: id!, expression: .cron(cron!), timeZone: zone, enabled: enabled,
                                startingDeadlineSeconds: Double(deadline))
        return .success(MetronomeSchedule(spec: spec, concurrency: concurrency, missedRuns: missed))
    }

    /// The ScheduleSpec of a cron-scheduled job, with `nextRunAt`; nil for other jobs.
    public static func encode(_ definition: JobDefinition, nextRunAt: Timestamp?) -> JSONValue? {
        guard let spec = definition.schedule, case .cron(let cron) = spec.expression else { return nil }
        return .object([
            ("id", .string(spec.id)), ("cron", .string(cron)), ("timezone", .string(spec.timeZone.isEmpty ? "UTC" : spec.timeZone)),
            ("startingDeadlineSeconds", .number((spec.startingDeadlineSeconds ?? 900).rounded(.down))),
            ("concurrencyPolicy", .string(definition.policies.concurrency.rawValue)), ("enabled", .bool(spec.enabled)),
            ("nextRunAt", nextRunAt.map { .string($0.metronomeText) } ?? .null),
        ])
    }

    /// `^([a-z0-9][a-z0-9\-]*[a-z0-9]+)$`: two or more characters, no dash at either end.
    public static func isValidScheduleID(_ id: String) -> Bool {
        id.count >= 2 && id.first != "-" && id.last != "-"
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private static func enumeration<Value: RawRepresentable<String>>(
        _ value: JSONValue?, _ path: String, _ what: String, allowed: String, default fallback: Value, _ reader: inout JSONReader
    ) -> Value {
        guard let value, !value.isNull, let text = reader.string(value, path) else { return fallback }
        guard let parsed = Value(rawValue: text) else {
            reader.problems.add(path, "'\(text)' is not a valid \(what). Allowed values: \(allowed)")
            return fallback
        }
        return parsed
    }
}
