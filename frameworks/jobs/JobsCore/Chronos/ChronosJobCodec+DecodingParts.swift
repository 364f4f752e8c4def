import OfferMatching

extension ChronosJobCodec {
    /// `environmentVariables`, `fetch`/`uris` (not both), and `constraints` (unknown operators
    /// are rejected; Chronos silently drops them).
    static func decodeLists(_ fields: ChronosFieldReader, name: String, into job: inout JobDefinition) throws(ChronosInputError) {
        job.environment = []
        for entry in try fields.objects("environmentVariables") ?? [] {
            guard let variable = try entry.string("name"), !variable.isEmpty else {
                throw ChronosInputError(message: "Field 'environmentVariables' needs a 'name' in every entry")
            }
            job.environment.append(EnvironmentEntry(name: variable, value: try entry.string("value") ?? ""))
        }
        var uris = try fields.strings("uris") ?? []
        let fetch = try fields.objects("fetch") ?? []
        if !fetch.isEmpty, !uris.isEmpty {
            // `GET /jobs` mirrors `fetch` into `uris`; a mirrored body posted back is one list.
            guard try fetch.map({ entry throws(ChronosInputError) in try entry.string("uri") ?? "" }) == uris else {
                throw ChronosInputError(message: "Tried to add both uri (deprecated) and fetch parameters on \(name)")
            }
            uris = []
        }
        job.fetch = try uris.map { FetchURI(uri: $0) } + fetch.map { entry throws(ChronosInputError) in
            FetchURI(uri: try entry.string("uri") ?? "", extract: try entry.bool("extract") ?? true,
                     executable: try entry.bool("executable") ?? false, cache: try entry.bool("cache") ?? false,
                     outputFile: try entry.string("output_file").flatMap { $0.isEmpty ? nil : $0 })
        }
        job.constraints = try Self.constraints(fields)
    }

    private static func constraints(_ fields: ChronosFieldReader) throws(ChronosInputError) -> [PlacementConstraint] {
        var result: [PlacementConstraint] = []
        for item in try fields.array("constraints") ?? [] {
            guard case .array(let parts) = item, let texts = Optional(parts.compactMap(\.stringValue)), texts.count == parts.count else {
                throw ChronosInputError(message: "Field 'constraints' must hold arrays of strings, got \(item.serialized())")
            }
            do {
                result.append(try PlacementConstraint.chronos(texts))
            } catch .unknownOperator(let op) {
                throw ChronosInputError(message: "Field 'constraints': unknown operator '\(op)' in \(item.serialized()) (use EQUALS, LIKE or UNLIKE)")
            } catch {
                throw ChronosInputError(message: "Field 'constraints': \(error.description) in \(item.serialized())")
            }
        }
        return result
    }

    /// `schedule` (+ `scheduleTimeZone`) for `/iso8601`, `parents` for `/dependency`. An empty
    /// start (`R//PT1H`) is fixed to `now` − 1 s here, as Chronos's first rewrite would.
    static func decodeTrigger(_ fields: ChronosFieldReader, kind: ChronosJobKind, existing: JobDefinition?, now: Timestamp,
                              into job: inout JobDefinition) throws(ChronosInputError) {
        switch kind {
        case .dependent:
            guard let parents = try fields.strings("parents"), !parents.isEmpty else {
                throw ChronosInputError(message: "Field 'parents' must name at least one parent job")
            }
            var unique: [String] = []
            for parent in parents where !unique.contains(parent) { unique.append(parent) }
            job.trigger = .parents(unique)
        case .scheduled:
            guard let text = try fields.string("schedule") else {
                throw ChronosInputError(message: "Field 'schedule' is required for a scheduled job")
            }
            let zone = try fields.string("scheduleTimeZone") ?? ""
            let parsed: ISO8601Schedule
            do { parsed = try ISO8601Schedule.parse(text, scheduleTimeZone: zone, now: now.date) } catch {
                throw ChronosInputError(message: error.message)
            }
            let stored = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().first?.isEmpty == true
                ? parsed.chronosString : text
            var spec = existing?.schedule ?? ScheduleSpec(expression: .iso8601(stored))
            spec.expression = .iso8601(stored)
            spec.timeZone = zone
            spec.enabled = true
            if let deadline = try fields.nonNegative("startingDeadlineSeconds") { spec.startingDeadlineSeconds = deadline }
            job.trigger = .schedule(spec)
        }
    }
}
