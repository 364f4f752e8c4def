/// A run waiting for an offer (`/v1/queue`, Chronos's `queued` state).
public struct QueuedRun: Hashable, Sendable {
    public var jobID: String
    /// Metronome run ID.
    public var runID: String
    /// The run's due instant.
    public var due: Timestamp
    /// The attempt number the next launch gets.
    public var attempt: Int
    /// When it may launch (later than now during a retry backoff).
    public var launchAt: Timestamp
}

extension JobsCore {
    /// Runs waiting for a launch, oldest due first.
    public func queue() -> [QueuedRun] {
        self.runs.values.filter { $0.isQueued && $0.liveAttempt == nil }.sorted { $0.key < $1.key }.map { run in
            QueuedRun(jobID: run.jobID, runID: run.id, due: run.due, attempt: run.attempts.count, launchAt: run.launchAt!)
        }
    }

    /// Every run that is not over, by job and due time.
    public var allActiveRuns: [JobRun] { self.runs.values.sorted { $0.key < $1.key } }

    /// A job's finished runs and skipped instants, oldest first.
    public func history(of jobID: String) -> [RunHistoryEntry] { self.histories[jobID]?.entries ?? [] }

    /// Chronos's current state of a job: `N running`, `queued` or `idle`.
    public func currentState(of jobID: String) -> String {
        let runs = self.activeRuns(of: jobID)
        let running = runs.filter { $0.liveAttempt != nil }.count
        if running > 0 { return "\(running) running" }
        return runs.isEmpty ? "idle" : "queued"
    }

    /// Durations in seconds of the job's successful runs still in its history, oldest first.
    public func successfulDurations(of jobID: String) -> [Double] {
        self.history(of: jobID).filter { $0.outcome == .success }.compactMap(\.durationSeconds)
    }

    /// Job ids, sorted.
    public var jobIDs: [String] { self.jobs.keys.sorted() }
}

/// Percentiles as Chronos's metrics library computes them (Dropwizard `UniformSnapshot`).
public enum Percentiles {
    /// The `quantile` (0…1) of `values` by linear interpolation at position `q·(n+1)`; 0 when empty.
    public static func value(_ quantile: Double, of values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let position = quantile * Double(sorted.count + 1)
        if position < 1 { return sorted[0] }
        if position >= Double(sorted.count) { return sorted[sorted.count - 1] }
        let lower = sorted[Int(position) - 1]
        let upper = sorted[Int(position)]
        return lower + (position - position.rounded(.down)) * (upper - lower)
    }

    /// The arithmetic mean; 0 when empty.
    public static func mean(of values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Chronos's statistic names and how to compute them.
    public static func statistic(_ name: String, of values: [Double]) -> Double? {
        switch name {
        case "99thPercentile": Self.value(0.99, of: values)
        case "98thPercentile": Self.value(0.98, of: values)
        case "95thPercentile": Self.value(0.95, of: values)
        case "75thPercentile": Self.value(0.75, of: values)
        case "median": Self.value(0.5, of: values)
        case "mean": Self.mean(of: values)
        default: nil
        }
    }
}
