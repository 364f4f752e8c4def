/// A record the core asks the shell to store. Keys are flat strings; every value is small
/// (one job, one active run, or one job's bounded history).
public enum StoredRecord: Hashable, Sendable, Codable {
    /// A job definition with its counters, schedule cursor and dependency edge counts.
    case job(JobRecord)
    /// A run that is not over yet, with its attempts. Deleted when it ends.
    case run(JobRun)
    /// A job's finished runs and skipped instants (at most `historyLimit`).
    case history(JobHistory)

    /// Where the record lives: `jobs/<id>`, `runs/<id>/<dueMillis>`, `history/<id>`.
    public var key: String {
        switch self {
        case .job(let record): StoreKeys.job(record.id)
        case .run(let run): StoreKeys.run(run.key)
        case .history(let history): StoreKeys.history(history.jobID)
        }
    }
}

/// A write or a deletion.
public enum StoreChange: Hashable, Sendable {
    case put(StoredRecord)
    case delete(key: String)
}

/// Key layout of the store. Job ids match `[\w.-]+`, so they are safe path segments.
public enum StoreKeys {
    /// `jobs/<id>`.
    public static func job(_ id: String) -> String { "jobs/\(id)" }
    /// `runs/<id>/<dueMillis>`.
    public static func run(_ key: RunKey) -> String { "runs/\(key.jobID)/\(key.due.milliseconds)" }
    /// `history/<id>`.
    public static func history(_ id: String) -> String { "history/\(id)" }
}

/// Everything `JobsCore.recover` needs: all records read back from the store.
public struct PersistedState: Sendable {
    public var records: [StoredRecord]
    /// The records read back.
    public init(records: [StoredRecord]) { self.records = records }
}
