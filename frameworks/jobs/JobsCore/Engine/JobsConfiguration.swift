import OfferMatching

/// Tunables of the jobs framework, with Chronos's flag defaults where they exist.
public struct JobsConfiguration: Hashable, Sendable {
    /// Chronos `--mesos_task_cpu`: cpus of a Chronos job that gives 0 or nothing.
    public var defaultCPUs = 0.1
    /// Chronos `--mesos_task_mem` (MB).
    public var defaultMem = 128.0
    /// Chronos `--mesos_task_disk` (MB).
    public var defaultDisk = 256.0
    /// Chronos `--user`: `runAsUser` when a Chronos job gives none.
    public var defaultUser = "root"
    /// Delay before the first relaunch of a failed attempt (Chronos `--failure_retry`, 60 s).
    public var failureRetrySeconds = 60.0
    /// Each further relaunch of the same run waits this factor longer.
    public var retryBackoffFactor = 2.0
    /// Longest relaunch delay when the job sets no `maxLaunchDelay`.
    public var maxRetryDelaySeconds = 3600.0
    /// Chronos `--disable_after_failures`: disable a job after this many failed runs in a row (0: never).
    public var disableAfterFailures = 0
    /// `refuse_seconds` for declined offers (Mesos's default filter).
    public var declineOfferSeconds = 5.0
    /// Minimum time between two revives.
    public var minReviveIntervalSeconds = 5.0
    /// Offers that nothing can use now are held (not declined) while a scheduled run comes due
    /// within this many seconds, and offers are revived that far ahead, so a due run launches
    /// at once instead of waiting for the master's next offer. 0 (the default) holds nothing:
    /// every offer is used or declined in the call that brought it. The server sets 2 s.
    public var offerHoldSeconds = 0.0
    /// A kill without a terminal update is repeated after this long.
    public var killRetrySeconds = 10.0
    /// A task not running this long after its launch is killed (a failed attempt).
    public var taskLaunchTimeoutSeconds = 300.0
    /// History entries kept per job (finished runs and skipped instants).
    public var historyLimit = 100
    /// Chronos `jobs/search` default `limit`.
    public var searchDefaultLimit = 10
    /// How offers are judged (GPU scarcity).
    public var matchOptions = MatchOptions()

    /// The defaults above.
    public init() {}
}
