/// Chronos's task ID, `ct:<dueEpochMillis>:<attempt>:<jobName>:<arguments>` (`TaskUtils.scala`).
/// Arguments are the manual run's, else the job's `arguments` joined by spaces, with `;` removed.
public struct ChronosTaskID: Hashable, Sendable, CustomStringConvertible {
    /// The run's due instant.
    public var due: Timestamp
    /// 0 for a run's first task.
    public var attempt: Int
    public var jobName: String
    /// Without `;` (Chronos's command-injection filter).
    public var arguments: String

    /// A task ID; `;` is removed from the arguments.
    public init(due: Timestamp, attempt: Int, jobName: String, arguments: String) {
        self.due = due
        self.attempt = attempt
        self.jobName = jobName
        self.arguments = arguments.filter { $0 != ";" }
    }

    /// The task ID text.
    public var description: String { "ct:\(self.due.milliseconds):\(self.attempt):\(self.jobName):\(self.arguments)" }

    /// Parses a task ID; nil when it is not one of Chronos's. Job names cannot contain `:`,
    /// so the fourth field ends at the next colon and the rest are the arguments.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "ct", let due = Int64(parts[1]), let attempt = Int(parts[2]),
              attempt >= 0, !parts[3].isEmpty else { return nil }
        self.due = Timestamp(milliseconds: due)
        self.attempt = attempt
        self.jobName = String(parts[3])
        self.arguments = parts.count == 5 ? String(parts[4]) : ""
    }
}
