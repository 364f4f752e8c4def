/// A job as stored: its definition plus everything the server maintains about it. One record
/// per job, rewritten whenever any part changes; small (no history, no runs).
public struct JobRecord: Hashable, Sendable, Codable {
    /// What the job is.
    public var definition: JobDefinition
    /// Success and failure counts.
    public var counters = JobCounters()
    /// Scheduled instants at or before this were settled (run or recorded skipped). Nil for jobs
    /// without a schedule. Persisted in the same batch as the runs it created: a due instant is
    /// never settled twice, nor forgotten, across restarts.
    public var scheduleCursor: Timestamp?
    /// Chronos's edge invocation counts of this (dependent) job, by parent name: how often each
    /// parent succeeded since this job's last dependency-triggered run.
    public var parentEdgeCounts: [String: Int] = [:]
    /// When the job was created.
    public var createdAt: Timestamp

    /// A new record.
    public init(definition: JobDefinition, createdAt: Timestamp) {
        self.definition = definition
        self.createdAt = createdAt
    }

    /// The job id.
    public var id: String { self.definition.id }
}

/// Success and failure counts (Chronos's server-maintained job fields; Metronome's history summary).
public struct JobCounters: Hashable, Sendable, Codable {
    /// Successful runs (and `job/success` marks).
    public var successCount = 0
    /// Failed runs (not counting runs stopped by an operator).
    public var errorCount = 0
    /// Failed runs since the last success.
    public var errorsSinceLastSuccess = 0
    /// When the last run succeeded.
    public var lastSuccess: Timestamp?
    /// When the last run failed.
    public var lastError: Timestamp?

    /// Zero counts.
    public init() {}

    /// Chronos's last state: `fresh` (never ran), `success` or `failure` (the later of the two).
    public var lastState: String {
        switch (self.lastSuccess, self.lastError) {
        case (nil, nil): "fresh"
        case (_?, nil): "success"
        case (nil, _?): "failure"
        case (let success?, let error?): success > error ? "success" : "failure"
        }
    }

    mutating func recordSuccess(at now: Timestamp) {
        self.successCount += 1
        self.errorsSinceLastSuccess = 0
        self.lastSuccess = now
    }

    mutating func recordError(at now: Timestamp) {
        self.errorCount += 1
        self.errorsSinceLastSuccess += 1
        self.lastError = now
    }
}
