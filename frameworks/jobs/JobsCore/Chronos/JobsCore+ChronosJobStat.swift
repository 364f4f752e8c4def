extension JobsCore {
    /// `GET /scheduler/job/stat/{name}`: Chronos's `{"histogram", "taskStatHistory"}` (durations of
    /// successful runs in milliseconds; tasks newest first, times `MM/dd/yy HH:mm:ss` UTC), plus
    /// Agora's `runHistory`: every finished run and skipped instant, newest first, with due
    /// time, start, end, duration, final state, agent, task ID and lateness.
    public func chronosJobStat(_ name: String) -> Result<JSONValue, JobsAPIError> {
        guard self.jobs[name] != nil else { return .failure(Self.chronosNotFound(name)) }
        let durations = self.successfulDurations(of: name).map { $0 * 1000 }
        var histogram: [(String, JSONValue)] = [
            ("75thPercentile", .number(Percentiles.value(0.75, of: durations))),
            ("95thPercentile", .number(Percentiles.value(0.95, of: durations))),
            ("98thPercentile", .number(Percentiles.value(0.98, of: durations))),
            ("99thPercentile", .number(Percentiles.value(0.99, of: durations))),
            ("median", .number(Percentiles.value(0.5, of: durations))),
        ]
        histogram.append(("mean", .number(Percentiles.mean(of: durations))))
        histogram.append(("count", .number(Double(durations.count))))
        let history = self.history(of: name)
        var tasks = self.activeRuns(of: name).reversed().flatMap { run in run.attempts.reversed().map { (run.due, $0) } }
        tasks += history.reversed().flatMap { entry in entry.attempts.reversed().map { (entry.due, $0) } }
        return .success(.object([
            ("histogram", .object(histogram)),
            ("taskStatHistory", .array(tasks.map { Self.taskStat(name, due: $0.0, attempt: $0.1) })),
            ("runHistory", .array(history.reversed().map(Self.runHistoryJSON))),
        ]))
    }

    /// One `taskStatHistory` entry; `dueTime` and `attempt` are Agora's additions.
    private static func taskStat(_ job: String, due: Timestamp, attempt: TaskAttempt) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("taskId", .string(attempt.taskID)), ("jobName", .string(job)), ("slaveId", .string(attempt.agentID)),
            ("startTime", .string((attempt.startedAt ?? attempt.launchedAt).chronosStatText)),
            ("endTime", .string(attempt.completedAt?.chronosStatText ?? "N/A")),
        ]
        if let end = attempt.completedAt {
            members.append(("duration", .string(Self.periodText(end.seconds(since: attempt.startedAt ?? attempt.launchedAt)))))
        }
        let status: String =
            if attempt.state == .finished { "Success" }
            else if attempt.isTerminal { "Fail" }
            else { attempt.state == .running ? "Running" : "Idle" }
        members.append(("status", .string(status)))
        members.append(("dueTime", .string(due.iso8601)))
        members.append(("attempt", .number(Double(attempt.attempt))))
        return .object(members)
    }

    /// Joda's period format Chronos uses: `0d0h1m5s` (days, hours, minutes, seconds).
    static func periodText(_ seconds: Double) -> String {
        let total = Int(max(seconds, 0).rounded(.down))
        return "\(total / 86400)d\(total % 86400 / 3600)h\(total % 3600 / 60)m\(total % 60)s"
    }

    private static func runHistoryJSON(_ entry: RunHistoryEntry) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let id = entry.runID { members.append(("runId", .string(id))) }
        members += [("dueTime", .string(entry.due.iso8601)), ("trigger", .string(entry.trigger.name)),
                    ("status", .string(entry.outcome.rawValue))]
        if let reason = entry.reason { members.append(("reason", .string(reason))) }
        if let started = entry.startedAt ?? entry.launchedAt { members.append(("startTime", .string(started.iso8601))) }
        members.append(("endTime", .string(entry.finishedAt.iso8601)))
        if let duration = entry.durationSeconds { members.append(("duration", .number(duration))) }
        if let lateness = entry.latenessSeconds { members.append(("lateness", .number(lateness))) }
        if let last = entry.lastAttempt {
            members += [("agentId", .string(last.agentID)), ("hostname", .string(last.hostname)), ("taskId", .string(last.taskID))]
        }
        members.append(("attempts", .number(Double(entry.attempts.count))))
        return .object(members)
    }
}
