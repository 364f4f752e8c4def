/// Metronome's `embed` values for `GET /v1/jobs`.
public enum MetronomeEmbed: String, Hashable, Sendable, CaseIterable {
    case activeRuns
    case schedules
    case history
    case historySummary
}

extension JobsCore {
    /// `GET /v1/jobs`: every job with a Metronome id, as JobInfo.
    public func metronomeJobs(embed: Set<MetronomeEmbed>, now: Timestamp) -> JSONValue {
        .array(self.jobIDs.compactMap { id in
            guard case .success(let json) = self.metronomeJobInfo(id, embed: embed, now: now) else { return nil }
            return json
        })
    }

    /// `GET /v1/jobs/{id}`: JobInfo `{id, description?, dependencies?, labels, run}` plus
    /// `schedules`, `activeRuns`, `history`, `historySummary` only when embedded (Metronome
    /// clients parse JobInfo as a JobSpec with protobuf's parser, which refuses unknown keys).
    /// `dependencies` appears only when the job has some.
    public func metronomeJobInfo(_ id: String, embed: Set<MetronomeEmbed>, now: Timestamp) -> Result<JSONValue, JobsAPIError> {
        guard case .success(let record) = self.metronomeJob(id), case .object(var members) = MetronomeJobCodec.encode(record.definition)
        else { return .failure(Self.unknownJob(id)) }
        let parents = record.definition.parents
        if !parents.isEmpty {
            let at = members.firstIndex { $0.0 == "labels" } ?? members.count
            members.insert(("dependencies", .array(parents.map(JSONValue.string))), at: at)
        }
        if embed.contains(.schedules) {
            let schedule = self.scheduleJSON(id, now: now)
            members.append(("schedules", .array(schedule.isNull ? [] : [schedule])))
        }
        if embed.contains(.activeRuns) { members.append(("activeRuns", .array(self.activeRuns(of: id).map(MetronomeRunCodec.encode)))) }
        if embed.contains(.history) {
            members.append(("history", MetronomeRunCodec.history(record.counters, entries: self.history(of: id))))
        }
        if embed.contains(.historySummary) { members.append(("historySummary", MetronomeRunCodec.historySummary(record.counters))) }
        return .success(.object(members))
    }

    /// `GET /v1/jobs/{id}/schedules`.
    public func metronomeSchedules(_ id: String, now: Timestamp) -> Result<JSONValue, JobsAPIError> {
        guard case .success = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        let schedule = self.scheduleJSON(id, now: now)
        return .success(.array(schedule.isNull ? [] : [schedule]))
    }

    /// `GET /v1/jobs/{id}/schedules/{scheduleId}`.
    public func metronomeSchedule(_ id: String, _ scheduleID: String, now: Timestamp) -> Result<JSONValue, JobsAPIError> {
        guard case .success = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        let schedule = self.scheduleJSON(id, now: now)
        guard schedule["id"]?.stringValue == scheduleID else { return .failure(Self.unknownSchedule(scheduleID)) }
        return .success(schedule)
    }

    /// `GET /v1/jobs/{id}/runs`: the runs that are not over.
    public func metronomeRuns(_ id: String) -> Result<JSONValue, JobsAPIError> {
        guard case .success = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        return .success(.array(self.activeRuns(of: id).map(MetronomeRunCodec.encode)))
    }

    /// `GET /v1/jobs/{id}/runs/{runId}`: an active run, or a finished one still in the history.
    public func metronomeRun(_ id: String, _ runID: String) -> Result<JSONValue, JobsAPIError> {
        guard case .success = self.metronomeJob(id) else { return .failure(Self.unknownJob(id)) }
        if let run = self.activeRuns(of: id).first(where: { $0.id == runID }) { return .success(MetronomeRunCodec.encode(run)) }
        if let entry = self.history(of: id).last(where: { $0.runID == runID }), let json = MetronomeRunCodec.encode(entry) {
            return .success(json)
        }
        return .failure(Self.unknownRun(id, runID))
    }

    /// `GET /v1/queue`: `[{"jobId", "runs":[{"runId"}]}]` for runs waiting for a launch.
    public func metronomeQueue() -> JSONValue {
        var order: [String] = []
        var runs: [String: [JSONValue]] = [:]
        for queued in self.queue() where MetronomeJobCodec.isValidJobID(queued.jobID) {
            if runs[queued.jobID] == nil { order.append(queued.jobID) }
            runs[queued.jobID, default: []].append(.object([("runId", .string(queued.runID))]))
        }
        return .array(order.map { .object([("jobId", .string($0)), ("runs", .array(runs[$0]!))]) })
    }
}
