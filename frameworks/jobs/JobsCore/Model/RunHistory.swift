/// Why a run was not created for an instant or request. Every such decision is recorded.
public enum RunSkipReason: String, Error, Hashable, Sendable, Codable {
    /// `skip` policy: the instant was late, or a later one was due.
    case missed
    /// `runOnce`: a later due instant runs instead.
    case coalesced
    /// Older than the schedule's `startingDeadlineSeconds` when it was settled.
    case deadlineExceeded
    /// `FORBID` while another run of the job was active.
    case concurrencyForbidden
    /// The job is disabled (a dependency trigger or a manual request).
    case jobDisabled

    init(_ reason: SkipReason) {
        switch reason {
        case .missed: self = .missed
        case .coalesced: self = .coalesced
        case .deadlineExceeded: self = .deadlineExceeded
        }
    }
}

/// How a history entry ended.
public enum RunOutcome: String, Hashable, Sendable, Codable {
    case success = "SUCCESS"
    case failed = "FAILED"
    case skipped = "SKIPPED"
}

/// A finished run or a skipped instant, as kept in a job's bounded history.
public struct RunHistoryEntry: Hashable, Sendable, Codable {
    public var jobID: String
    /// The run ID; nil for a skipped instant.
    public var runID: String?
    public var due: Timestamp
    public var trigger: RunTrigger
    public var outcome: RunOutcome
    /// The skip reason, the stop reason, or the last task's message.
    public var reason: String?
    public var createdAt: Timestamp?
    /// First launch of the run.
    public var launchedAt: Timestamp?
    /// When a task first reported running.
    public var startedAt: Timestamp?
    /// When the run ended (or the instant was skipped).
    public var finishedAt: Timestamp
    /// Every task of the run, oldest first.
    public var attempts: [TaskAttempt] = []

    /// Seconds from the due instant to the first launch.
    public var latenessSeconds: Double? { self.launchedAt.map { $0.seconds(since: self.due) } }

    /// Seconds from the first running report to the end.
    public var durationSeconds: Double? { self.startedAt.map { self.finishedAt.seconds(since: $0) } }

    /// The task that ended the run (its last attempt).
    public var lastAttempt: TaskAttempt? { self.attempts.last }

    /// A finished run.
    init(run: JobRun, outcome: RunOutcome, reason: String?, finishedAt: Timestamp) {
        self.jobID = run.jobID
        self.runID = run.id
        self.due = run.due
        self.trigger = run.trigger
        self.outcome = outcome
        self.reason = reason
        self.createdAt = run.createdAt
        self.launchedAt = run.attempts.first?.launchedAt
        self.startedAt = run.startedAt
        self.finishedAt = finishedAt
        self.attempts = run.attempts
    }

    /// An instant or request that got no run.
    init(skipped due: Timestamp, jobID: String, trigger: RunTrigger, reason: RunSkipReason, at now: Timestamp) {
        self.jobID = jobID
        self.due = due
        self.trigger = trigger
        self.outcome = .skipped
        self.reason = reason.rawValue
        self.finishedAt = now
    }
}

/// The newest entries of one job's history, oldest first, at most `limit` of them.
public struct JobHistory: Hashable, Sendable, Codable {
    public var jobID: String
    public var entries: [RunHistoryEntry] = []

    /// An empty history.
    public init(jobID: String) { self.jobID = jobID }

    mutating func append(_ entry: RunHistoryEntry, limit: Int) {
        self.entries.append(entry)
        if self.entries.count > limit { self.entries.removeFirst(self.entries.count - limit) }
    }
}
