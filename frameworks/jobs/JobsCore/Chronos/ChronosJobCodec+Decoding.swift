import OfferMatching

/// A decoded Chronos job: the definition and the server-maintained fields the body gave.
public struct ChronosJobUpdate: Hashable, Sendable {
    public var definition: JobDefinition
    /// `successCount`, `errorCount`, `errorsSinceLastSuccess`, `lastSuccess`, `lastError`: those
    /// present replace the stored values (Chronos accepts them on input); absent ones are kept.
    public var counters: ChronosCounterFields
}

/// The counter fields of a Chronos body; nil when absent. `lastSuccess: ""` is `.some(nil)`.
public struct ChronosCounterFields: Hashable, Sendable {
    public var successCount: Int?
    public var errorCount: Int?
    public var errorsSinceLastSuccess: Int?
    public var lastSuccess: Timestamp??
    public var lastError: Timestamp??

    /// Applies the fields present.
    public func apply(to counters: inout JobCounters) {
        if let value = self.successCount { counters.successCount = value }
        if let value = self.errorCount { counters.errorCount = value }
        if let value = self.errorsSinceLastSuccess { counters.errorsSinceLastSuccess = value }
        if let value = self.lastSuccess { counters.lastSuccess = value }
        if let value = self.lastError { counters.lastError = value }
    }
}

/// Chronos's job JSON (reference §6.3): decoding with Chronos's defaults and validation, and
/// encoding in `JobSerializer`'s field order.
public enum ChronosJobCodec {
    /// Decodes a body posted to `/iso8601` (`kind: .scheduled`, `schedule` counts) or
    /// `/dependency` (`parents` count). Fields only other APIs know are kept from `existing`.
    public static func decode(
        _ json: JSONValue, kind: ChronosJobKind, existing: JobDefinition?, configuration: JobsConfiguration, now: Timestamp
    ) -> Result<ChronosJobUpdate, JobsAPIError> {
        do {
            let fields = try ChronosFieldReader(json)
            let name = try Self.name(fields)
            var job = existing ?? JobDefinition(id: name)
            try Self.decodeCommand(fields, into: &job)
            try Self.decodeResources(fields, configuration, into: &job)
            try Self.decodePolicies(fields, into: &job)
            try Self.decodeLists(fields, name: name, into: &job)
            try Self.decodeTrigger(fields, kind: kind, existing: existing, now: now, into: &job)
            try Self.decodeChronosFields(fields, into: &job)
            job.user = try fields.string("runAsUser").map { $0.isEmpty ? nil : $0 } ?? configuration.defaultUser
            return .success(ChronosJobUpdate(definition: job, counters: try Self.counters(fields)))
        } catch {
            return .failure(.chronos(error.message))
        }
    }

    /// `[\w.-]+` with Java's ASCII `\w`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_.-".unicodeScalars.contains(scalar))
        }
    }

    private static func name(_ fields: ChronosFieldReader) throws(ChronosInputError) -> String {
        let name = try fields.string("name") ?? ""
        guard Self.isValidName(name) else {
            throw ChronosInputError(message: #"the job's name is invalid. Allowed names: '([\w\.-]+)'"#)
        }
        return name
    }

    private static func decodeCommand(_ fields: ChronosFieldReader, into job: inout JobDefinition) throws(ChronosInputError) {
        job.command = JobCommand(value: try fields.string("command") ?? "", shell: try fields.bool("shell") ?? true,
                                 arguments: try fields.strings("arguments") ?? [])
        job.description = try fields.string("description") ?? ""
    }

    /// 0 or absent takes the configured default (`--mesos_task_cpu` …), as Chronos stores it.
    private static func decodeResources(_ fields: ChronosFieldReader, _ configuration: JobsConfiguration,
                                        into job: inout JobDefinition) throws(ChronosInputError) {
        func amount(_ key: String, _ fallback: Double) throws(ChronosInputError) -> Double {
            let value = try fields.nonNegative(key) ?? 0
            return value == 0 ? fallback : value
        }
        job.resources.cpus = try amount("cpus", configuration.defaultCPUs)
        job.resources.mem = try amount("mem", configuration.defaultMem)
        job.resources.disk = try amount("disk", configuration.defaultDisk)
    }

    private static func decodePolicies(_ fields: ChronosFieldReader, into job: inout JobDefinition) throws(ChronosInputError) {
        let retries = try fields.integer("retries") ?? 2
        guard retries >= -1 else {
            throw ChronosInputError(message: "Field 'retries' must be 0 or more (or -1 for unlimited), got \(retries)")
        }
        job.policies.retries = retries == -1 ? nil : retries
        job.policies.concurrency = try fields.bool("concurrent") == true ? .allow : .forbid
        job.policies.softError = try fields.bool("softError") ?? false
        job.policies.highPriority = try fields.bool("highPriority") ?? false
        let maxCompletion = try fields.nonNegative("maxCompletionTime") ?? 0
        job.policies.maxCompletionSeconds = maxCompletion > 0 ? maxCompletion : nil
        job.disabled = try fields.bool("disabled") ?? false
        if let text = try fields.string("missedRunPolicy") {
            guard let policy = MissedRunPolicy(rawValue: text) else {
                throw ChronosInputError(message: "Field 'missedRunPolicy' must be one of skip, runOnce, runAll, got '\(text)'")
            }
            job.policies.missedRuns = policy
        }
    }

    private static func decodeChronosFields(_ fields: ChronosFieldReader, into job: inout JobDefinition) throws(ChronosInputError) {
        var chronos = ChronosFields()
        chronos.owner = try fields.string("owner") ?? ""
        chronos.ownerName = try fields.string("ownerName") ?? ""
        chronos.executor = try fields.string("executor") ?? ""
        chronos.executorFlags = try fields.string("executorFlags") ?? ""
        chronos.taskInfoData = try fields.string("taskInfoData") ?? ""
        chronos.dataProcessingJobType = try fields.bool("dataProcessingJobType") ?? false
        if let container = fields.raw("container") {
            guard case .object = container else { throw ChronosInputError(message: "Field 'container' must be an object") }
            chronos.container = container["image"] != nil ? container : nil
        }
        job.chronos = chronos
    }

    private static func counters(_ fields: ChronosFieldReader) throws(ChronosInputError) -> ChronosCounterFields {
        func instant(_ key: String) throws(ChronosInputError) -> Timestamp?? {
            guard let text = try fields.string(key) else { return nil }
            if text.isEmpty { return .some(nil) }
            guard let instant = Timestamp(iso8601: text) else {
                throw ChronosInputError(message: "Field '\(key)' must be an ISO 8601 UTC timestamp or \"\", got '\(text)'")
            }
            return .some(instant)
        }
        return ChronosCounterFields(
            successCount: try fields.integer("successCount"), errorCount: try fields.integer("errorCount"),
            errorsSinceLastSuccess: try fields.integer("errorsSinceLastSuccess"),
            lastSuccess: try instant("lastSuccess"), lastError: try instant("lastError"))
    }
}
