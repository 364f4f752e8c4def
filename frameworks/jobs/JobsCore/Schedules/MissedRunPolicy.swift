import Foundation

/// What to do with scheduled instants that passed without a run (scheduler down, leader
/// failover, a long previous run). Every instant not run is reported as a `SkippedRun`.
public enum MissedRunPolicy: String, Hashable, Sendable, CaseIterable, Codable {
    /// Run only the latest due instant, and only if it is at most `onTimeTolerance` late
    /// (Metronome's "scheduling starts from now"); everything older is skipped.
    case skip
    /// Run the latest due instant however late (within the starting deadline, if any); skip the
    /// older ones. Chronos 3's catch-up behaviour, and the default.
    case runOnce
    /// Run every due instant within the starting deadline, oldest first, at most
    /// `MissedRunRequest.maxRunsPerCall` per call; the rest stay due for the next call.
    case runAll

    /// `runOnce`, as Chronos 3 behaves.
    public static let `default` = MissedRunPolicy.runOnce
}

/// Why a scheduled instant was not run.
public enum SkipReason: String, Hashable, Sendable, Codable {
    /// `skip` policy: the instant was late (or a later instant was due).
    case missed
    /// `runOnce`: a later due instant runs instead.
    case coalesced
    /// Older than `startingDeadlineSeconds` at `now` (any policy).
    case deadlineExceeded
}

/// A scheduled instant that will not run, and why. Callers must record these (history, events).
public struct SkippedRun: Hashable, Sendable {
    /// The scheduled instant that does not run.
    public var scheduledAt: Date
    /// Why it does not run.
    public var reason: SkipReason

    /// A skipped instant with its reason.
    public init(scheduledAt: Date, reason: SkipReason) {
        self.scheduledAt = scheduledAt
        self.reason = reason
    }
}

/// Input of `Schedule.missedRuns`: which window to settle, and how.
public struct MissedRunRequest: Hashable, Sendable {
    /// Instants at or before this were settled by an earlier call (exclusive lower bound).
    public var lastConsidered: Date
    /// The current instant (inclusive upper bound).
    public var now: Date
    /// The job's missed-run policy.
    public var policy: MissedRunPolicy
    /// Metronome's `startingDeadlineSeconds`: an instant more than this many seconds before `now`
    /// is never run. Nil for no deadline.
    public var startingDeadline: TimeInterval?
    /// `skip` only: how late the latest instant may be and still count as on time. Default 60 s,
    /// Metronome's smallest reschedule delay.
    public var onTimeTolerance: TimeInterval = 60
    /// `runAll` only: most runs returned by one call (default 100), bounding launch bursts.
    public var maxRunsPerCall = 100
    /// Most due instants examined by one call (default 10 000), bounding the work per call.
    public var maxInstantsPerCall = 10_000

    /// A request with the default tolerance and bounds.
    public init(lastConsidered: Date, now: Date, policy: MissedRunPolicy = .default,
                startingDeadline: TimeInterval? = nil) {
        self.lastConsidered = lastConsidered
        self.now = now
        self.policy = policy
        self.startingDeadline = startingDeadline
    }
}

/// Output of `Schedule.missedRuns`.
public struct MissedRunDecision: Hashable, Sendable {
    /// Instants to run now, ascending.
    public var runs: [Date]
    /// Instants that will never run, ascending, with reasons.
    public var skipped: [SkippedRun]
    /// Pass as the next call's `lastConsidered`.
    public var consideredThrough: Date
    /// False when a bound stopped the call early: call again with `consideredThrough` and the
    /// same `now` until it is true.
    public var isComplete: Bool
}
