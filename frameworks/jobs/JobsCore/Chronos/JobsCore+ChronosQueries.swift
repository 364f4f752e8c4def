extension JobsCore {
    /// `GET /scheduler/jobs`: every job the Chronos view can express, by name.
    public func chronosJobs() -> JSONValue {
        .array(self.jobIDs.compactMap { self.jobs[$0].flatMap(ChronosJobCodec.encode) })
    }

    /// `GET /scheduler/job/{name}`.
    public func chronosJob(_ name: String) -> Result<JSONValue, JobsAPIError> {
        guard let record = self.jobs[name] else { return .failure(Self.chronosNotFound(name)) }
        guard let json = ChronosJobCodec.encode(record) else {
            return .failure(.chronos("Job '\(name)' has a cron schedule or no trigger, which Chronos's format cannot express"))
        }
        return .success(json)
    }

    /// `GET /scheduler/jobs/summary`: `{"jobs":[{name,status,state,schedule,parents,disabled}]}`.
    public func chronosSummary() -> JSONValue {
        let jobs = self.jobIDs.compactMap { id -> JSONValue? in
            guard let record = self.jobs[id], ChronosJobCodec.isExpressible(record.definition) else { return nil }
            var schedule = ""
            if case .iso8601(let text)? = record.definition.schedule?.expression { schedule = text }
            return .object([
                ("name", .string(id)), ("status", .string(record.counters.lastState)), ("state", .string(self.currentState(of: id))),
                ("schedule", .string(schedule)), ("parents", .array(record.definition.parents.map(JSONValue.string))),
                ("disabled", .bool(record.definition.disabled)),
            ])
        }
        return .object([("jobs", .array(jobs))])
    }

    /// `GET /scheduler/jobs/search`: case-insensitive substring matches on name and command;
    /// `any` matches either. `limit` defaults to 10 (Chronos's default), `offset` to 0.
    public func chronosSearch(name: String?, command: String?, any: String?, limit: Int?, offset: Int?) -> JSONValue {
        func contains(_ text: String, _ part: String?) -> Bool {
            guard let part, !part.isEmpty else { return true }
            return text.lowercased().contains(part.lowercased())
        }
        let matches = self.jobIDs.compactMap { self.jobs[$0] }.filter { record in
            let commandText = record.definition.command.value ?? ""
            let valid = contains(record.id, name) && contains(commandText, command)
            guard !valid, let any, !any.isEmpty else { return valid }
            return contains(record.id, any) || contains(commandText, any)
        }.compactMap(ChronosJobCodec.encode)
        let start = min(max(offset ?? 0, 0), matches.count)
        let end = min(start + max(limit ?? self.configuration.searchDefaultLimit, 0), matches.count)
        return .array(Array(matches[start..<end]))
    }

    /// `GET /scheduler/graph/csv`: `node,<name>,<lastState>,<currentState>` lines, then
    /// `link,<parent>,<child>` lines.
    public func chronosGraphCSV() -> String {
        var lines = self.jobIDs.map { id in "node,\(id),\(self.jobs[id]!.counters.lastState),\(self.currentState(of: id))" }
        lines += self.dependencyEdges.map { "link,\($0.parent),\($0.child)" }
        return lines.map { $0 + "\n" }.joined()
    }

    /// `GET /scheduler/graph/dot`: the DAG in DOT, numbered vertices labelled with job names
    /// (as JGraphT's exporter writes it).
    public func chronosGraphDot() -> String {
        let ids = self.jobIDs
        let number = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0 + 1) })
        var text = "digraph G {\n"
        for id in ids { text += "  \(number[id]!) [ label=\"\(id)\" ];\n" }
        for edge in self.dependencyEdges { text += "  \(number[edge.parent]!) -> \(number[edge.child]!);\n" }
        return text + "}\n"
    }

    /// `GET /scheduler/stats/{statistic}`: `[{"jobNameLabel","time"}]` in seconds, largest first,
    /// over the successful runs in each job's history.
    public func chronosStats(_ statistic: String) -> Result<JSONValue, JobsAPIError> {
        guard Percentiles.statistic(statistic, of: []) != nil else {
            return .failure(.chronos("Unknown statistic '\(statistic)' (use 99thPercentile, 98thPercentile, 95thPercentile, 75thPercentile, median or mean)"))
        }
        let rows = self.jobIDs.compactMap { id -> (String, Double)? in
            let durations = self.successfulDurations(of: id)
            guard !durations.isEmpty, let time = Percentiles.statistic(statistic, of: durations) else { return nil }
            return (id, time)
        }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        return .success(.array(rows.map { .object([("jobNameLabel", .string($0.0)), ("time", .number($0.1))]) }))
    }

    /// Parent → child edges, sorted.
    var dependencyEdges: [(parent: String, child: String)] {
        self.jobIDs.flatMap { child in self.jobs[child]!.definition.parents.sorted().map { (parent: $0, child: child) } }
            .filter { self.jobs[$0.parent] != nil }
    }
}
