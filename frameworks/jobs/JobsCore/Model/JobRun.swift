/// Identifies a run: a job and its due instant. At most one run exists per key, ever (a run's
/// record is written before its first launch and the schedule cursor moves past its instant in
/// the same batch), so a due time is never run twice.
public struct RunKey: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var jobID: String
    public var due: Timestamp

    /// A key.
    public init(jobID: String, due: Timestamp) {
        self.jobID = jobID
        self.due = due
    }

    /// By job, then due time.
    public static func < (lhs: RunKey, rhs: RunKey) -> Bool { (lhs.jobID, lhs.due) < (rhs.jobID, rhs.due) }

    /// `<job>@<dueMillis>`.
    public var description: String { "\(self.jobID)@\(self.due.milliseconds)" }
}

/// Why a run exists.
public enum RunTrigger: Hashable, Sendable, Codable {
    /// A scheduled instant.
    case schedule
    /// Chronos `PUT /job/{name}`, Metronome `POST /runs`.
    case manual
    /// A parent's success (or soft failure).
    case dependency(parent: String)

    /// `schedule`, `manual` or `dependency`.
    public var name: String {
        switch self {
        case .schedule: "schedule"
        case .manual: "manual"
        case .dependency: "dependency"
        }
    }
}

/// Metronome's run status.
public enum RunStatus: String, Hashable, Sendable, Codable {
    /// Not persisted yet (never stored: a run is persisted in the output that creates it).
    case initial = "INITIAL"
    /// Persisted, waiting for a launch or for its task to report.
    case starting = "STARTING"
    /// A task reported staging, starting or running.
    case active = "ACTIVE"
    case success = "SUCCESS"
    case failed = "FAILED"

    /// `SUCCESS` or `FAILED`.
    public var isFinal: Bool { self == .success || self == .failed }
}

/// Why a run was ended from outside its tasks; such a run is never relaunched.
public enum StopReason: String, Hashable, Sendable, Codable {
    /// Metronome `actions/stop`, Chronos `task/kill`, or deleting the job with its runs.
    case stopped
    /// `restart.activeDeadlineSeconds` passed.
    case activeDeadlineExceeded
    /// Not active within the schedule's `startingDeadlineSeconds`.
    case startingDeadlineExceeded
}

/// One run of a job: one due instant (or manual request), with its attempts (one Mesos task each).
public struct JobRun: Hashable, Sendable, Codable {
    public let jobID: String
    /// Metronome's run ID: `yyyyMMddHHmmss` of creation plus five letters or digits.
    public let id: String
    public let due: Timestamp
    public let trigger: RunTrigger
    /// Chronos manual-run `arguments`, appended to the command.
    public let arguments: String?
    public let createdAt: Timestamp
    /// Metronome's status of the run.
    public var status = RunStatus.starting
    /// Launched tasks, oldest first; attempt `n` is `attempts[n]`.
    public var attempts: [TaskAttempt] = []
    /// When the next attempt may launch; nil while a task is live or the run is over.
    public var launchAt: Timestamp?
    /// Failed attempts so far (a relaunch is allowed while `failures ≤ retries`).
    public var failures = 0
    /// The run fails if it is not active by then (scheduled runs with a starting deadline).
    public var startingDeadline: Timestamp?
    /// Set when the run was stopped from outside; it then never relaunches.
    public var stopReason: StopReason?
    /// When a task first reported running.
    public var startedAt: Timestamp?

    /// A new run, queued for launch at `createdAt`.
    public init(jobID: String, id: String, due: Timestamp, trigger: RunTrigger, arguments: String?, createdAt: Timestamp) {
        self.jobID = jobID
        self.id = id
        self.due = due
        self.trigger = trigger
        self.arguments = arguments
        self.createdAt = createdAt
        self.launchAt = createdAt
    }

    /// The run's key.
    public var key: RunKey { RunKey(jobID: self.jobID, due: self.due) }

    /// The attempt whose task is not terminal yet, if any (there is at most one).
    public var liveAttempt: TaskAttempt? {
        guard let last = self.attempts.last, !last.isTerminal else { return nil }
        return last
    }

    /// Waiting for an offer (possibly after a backoff).
    public var isQueued: Bool { self.launchAt != nil && !self.status.isFinal }
}

/// Why the core killed a task.
public enum KillReason: String, Hashable, Sendable, Codable {
    /// The run was stopped (operator, deadlines): no relaunch.
    case runStopped
    /// Ran longer than `maxCompletionTime`: a failed attempt.
    case maxCompletionTime
    /// Not running within `taskLaunchTimeoutSeconds` of its launch: a failed attempt.
    case launchTimeout
}

/// One launched task of a run.
public struct TaskAttempt: Hashable, Sendable, Codable {
    /// `ct:<dueMillis>:<attempt>:<job>:<args>`.
    public let taskID: String
    public let attempt: Int
    public let agentID: String
    public let hostname: String
    public let launchedAt: Timestamp
    /// The newest Mesos state; nil until the first status update.
    public var state: TaskState?
    /// When the task reported running.
    public var startedAt: Timestamp?
    /// When a terminal state arrived.
    public var completedAt: Timestamp?
    public var killRequestedAt: Timestamp?
    public var killReason: KillReason?
    /// The message of the last status update.
    public var message: String?

    /// A task just launched (no state yet).
    public init(taskID: String, attempt: Int, agentID: String, hostname: String, launchedAt: Timestamp) {
        self.taskID = taskID
        self.attempt = attempt
        self.agentID = agentID
        self.hostname = hostname
        self.launchedAt = launchedAt
    }

    /// The task is over.
    public var isTerminal: Bool { self.state?.isTerminal ?? false }
}
