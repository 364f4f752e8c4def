/// Metronome's JobRun, JobHistory and JobHistorySummary JSON. Times are UTC with milliseconds
/// (`2026-11-26T03:00:00.000Z`).
public enum MetronomeRunCodec {
    /// A run that is not over: `{id, jobId, status, createdAt, completedAt: null, tasks}`.
    public static func encode(_ run: JobRun) -> JSONValue {
        Self.runJSON(id: run.id, jobID: run.jobID, status: run.status.rawValue, createdAt: run.createdAt, completedAt: nil,
                     attempts: run.attempts)
    }

    /// A finished run from the history; nil for a skipped instant (Metronome has no such runs).
    public static func encode(_ entry: RunHistoryEntry) -> JSONValue? {
        guard let id = entry.runID, entry.outcome != .skipped else { return nil }
        return Self.runJSON(id: id, jobID: entry.jobID, status: entry.outcome.rawValue, createdAt: entry.createdAt ?? entry.due,
                            completedAt: entry.finishedAt, attempts: entry.attempts)
    }

    /// `embed=history`: counts, last times and the finished runs kept, split by outcome.
    public static func history(_ counters: JobCounters, entries: [RunHistoryEntry]) -> JSONValue {
        let finished = entries.filter { $0.runID != nil && $0.outcome != .skipped }.reversed()
        var members = Self.summaryMembers(counters)
        members.append(("successfulFinishedRuns", .array(finished.filter { $0.outcome == .success }.map(Self.runInfo))))
        members.append(("failedFinishedRuns", .array(finished.filter { $0.outcome == .failed }.map(Self.runInfo))))
        return .object(members)
    }

    /// `embed=historySummary`: `{successCount, failureCount, lastSuccessAt, lastFailureAt}`.
    public static func historySummary(_ counters: JobCounters) -> JSONValue { .object(Self.summaryMembers(counters)) }

    private static func summaryMembers(_ counters: JobCounters) -> [(String, JSONValue)] {
        [
            ("successCount", .number(Double(counters.successCount))), ("failureCount", .number(Double(counters.errorCount))),
            ("lastSuccessAt", counters.lastSuccess.map { .string($0.metronomeText) } ?? .null),
            ("lastFailureAt", counters.lastError.map { .string($0.metronomeText) } ?? .null),
        ]
    }

    /// `JobRunInfo`: `{id, createdAt, finishedAt, tasks: [taskId]}`.
    private static func runInfo(_ entry: RunHistoryEntry) -> JSONValue {
        .object([
            ("id", .string(entry.runID ?? "")), ("createdAt", .string((entry.createdAt ?? entry.due).metronomeText)),
            ("finishedAt", .string(entry.finishedAt.metronomeText)),
            ("tasks", .array(entry.attempts.map { .string($0.taskID) })),
        ])
    }

    private static func runJSON(id: String, jobID: String, status: String, createdAt: Timestamp, completedAt: Timestamp?,
                                attempts: [TaskAttempt]) -> JSONValue {
        .object([
            ("id", .string(id)), ("jobId", .string(jobID)), ("status", .string(status)),
            ("createdAt", .string(createdAt.metronomeText)), ("completedAt", completedAt.map { .string($0.metronomeText) } ?? .null),
            ("tasks", .array(attempts.map(Self.taskJSON))),
        ])
    }

    /// `JobRunTask`: `{id, startedAt, completedAt?, status}`; `startedAt` is the launch time.
    static func taskJSON(_ attempt: TaskAttempt) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(attempt.taskID)), ("startedAt", .string(attempt.launchedAt.metronomeText))]
        if let completed = attempt.completedAt { members.append(("completedAt", .string(completed.metronomeText))) }
        members.append(("status", .string(Self.taskStatus(attempt.state))))
        return .object(members)
    }

    /// Metronome's task states (`scheduler/TaskState`): lost-like states count as failed,
    /// killing as running, anything unconfirmed as created.
    static func taskStatus(_ state: TaskState?) -> String {
        switch state {
        case .staging: "TASK_STAGING"
        case .starting: "TASK_STARTING"
        case .running, .killing: "TASK_RUNNING"
        case .finished: "TASK_FINISHED"
        case .killed: "TASK_KILLED"
        case .failed, .error, .lost, .dropped, .gone, .goneByOperator, .unknown: "TASK_FAILED"
        case .unreachable, nil: "TASK_CREATED"
        }
    }
}
