import Foundation

/// What creates a job's runs besides manual requests.
public enum JobTrigger: Hashable, Sendable, Codable {
    /// Only manual runs (a Metronome job without a schedule).
    case manual
    /// Runs at the instants of a schedule.
    case schedule(ScheduleSpec)
    /// Runs after its parents succeed (Chronos dependent job, Metronome `dependencies`).
    case parents([String])
}

/// A job's schedule: Chronos's ISO 8601 repeating interval or Metronome's cron.
public struct ScheduleSpec: Hashable, Sendable, Codable {
    /// The schedule text, by kind.
    public enum Expression: Hashable, Sendable, Codable {
        /// `R[n]/<start>/<period>`; rewritten as runs launch (Chronos's `skipForward`).
        case iso8601(String)
        /// A cron expression (Metronome).
        case cron(String)
    }

    /// Metronome's schedule id; `default` for Chronos jobs.
    public var id: String
    /// The schedule text.
    public var expression: Expression
    /// IANA zone: Chronos `scheduleTimeZone` ("" = the start's own offset), Metronome `timezone`.
    public var timeZone: String
    /// Metronome `enabled`; a disabled schedule creates no runs.
    public var enabled: Bool
    /// A due instant not started within this many seconds is skipped, and a queued run that
    /// has not become active by then fails (Metronome `startingDeadlineSeconds`). Nil: no limit.
    public var startingDeadlineSeconds: Double?

    /// A schedule; Chronos's defaults (no zone, enabled, no deadline).
    public init(id: String = "default", expression: Expression, timeZone: String = "", enabled: Bool = true,
                startingDeadlineSeconds: Double? = nil) {
        self.id = id
        self.expression = expression
        self.timeZone = timeZone
        self.enabled = enabled
        self.startingDeadlineSeconds = startingDeadlineSeconds
    }

    /// Parses the expression; `now` only matters for an ISO schedule with an empty start.
    public func parsed(now: Timestamp) throws(ScheduleError) -> JobSchedule {
        switch self.expression {
        case .iso8601(let text):
            return .iso8601(try ISO8601Schedule.parse(text, scheduleTimeZone: self.timeZone, now: now.date))
        case .cron(let text):
            return .cron(try CronSchedule.parse(text, timeZone: self.timeZone.isEmpty ? "UTC" : self.timeZone))
        }
    }
}

/// Whether a job may have several runs active at once.
public enum ConcurrencyPolicy: String, Hashable, Sendable, Codable {
    /// Runs may overlap (Chronos `concurrent: true`).
    case allow = "ALLOW"
    /// A run that comes due while another is active is recorded as skipped (`concurrencyForbidden`).
    case forbid = "FORBID"
}

/// How a job's runs behave; defaults are Chronos's (the defaults where they differ).
public struct JobPolicies: Hashable, Sendable, Codable {
    /// What happens to instants that passed without a run (default `runOnce`, Chronos 3).
    public var missedRuns = MissedRunPolicy.runOnce
    /// Default `FORBID` (Chronos `concurrent: false`; the choice for Metronome too).
    public var concurrency = ConcurrencyPolicy.forbid
    /// Relaunches after a failed attempt: Chronos `retries` (default 2). Nil: unlimited (Metronome
    /// `ON_FAILURE`), bounded by `activeDeadlineSeconds`. 0 is Metronome's `NEVER`.
    public var retries: Int? = 2
    /// Metronome `restart.activeDeadlineSeconds`: the run fails this long after it was created
    /// (no more relaunches; a live task is killed).
    public var activeDeadlineSeconds: Double?
    /// Chronos `maxCompletionTime`: a task running longer than this is killed (a failed attempt).
    public var maxCompletionSeconds: Double?
    /// Chronos `softError`: a final failure still triggers the dependents.
    public var softError = false
    /// Chronos `highPriority`: launched before normal-priority runs.
    public var highPriority = false
    /// Metronome `taskKillGracePeriodSeconds`.
    public var killGracePeriodSeconds: Double?
    /// Metronome `maxLaunchDelay` (default 3600 s): caps the retry backoff. Nil: the
    /// configuration's cap.
    public var maxLaunchDelaySeconds: Double?

    /// Chronos's defaults.
    public init() {}

    /// Metronome's `restart.policy`: `ON_FAILURE` when any relaunch is allowed.
    public var restartOnFailure: Bool { self.retries.map { $0 > 0 } ?? true }
}
