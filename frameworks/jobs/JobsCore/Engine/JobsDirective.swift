import OfferMatching

/// What the shell must do after the core handled an input, **in order**. A `.persist` must be
/// durably written (all its changes in one transaction) before any later directive is carried
/// out, in particular before the `.launch` it precedes.
public enum JobsDirective: Hashable, Sendable {
    /// Write these records (and deletions) atomically, then continue.
    case persist([StoreChange])
    /// Accept `offerIDs` (all of one agent) with one LAUNCH operation per task.
    case launch(offerIDs: [String], agentID: String, tasks: [TaskLaunch])
    /// Decline offers, filtering them for `refuseSeconds`.
    case decline(offerIDs: [String], refuseSeconds: Double)
    /// Kill a task (Mesos KILL) with the job's `taskKillGracePeriodSeconds`.
    case kill(taskID: String, agentID: String?, gracePeriodSeconds: Double?)
    /// Ask for offers again (a run is waiting and offers were suppressed or filtered).
    case reviveOffers
    /// Nothing waits for a launch: stop offers.
    case suppressOffers
    /// Explicit reconciliation of these tasks; an empty list asks for implicit reconciliation.
    case reconcile([ReconcileTask])
    /// Call `handle(.tick, now:)` at (or soon after) this instant. Always the last directive;
    /// replaces any earlier wake-up.
    case wakeUp(at: Timestamp)
}

/// A task to reconcile.
public struct ReconcileTask: Hashable, Sendable {
    public var taskID: String
    public var agentID: String?

    /// A task and the agent it was launched on.
    public init(taskID: String, agentID: String?) {
        self.taskID = taskID
        self.agentID = agentID
    }
}

/// Everything needed to build a Mesos TaskInfo for one attempt of a run.
public struct TaskLaunch: Hashable, Sendable {
    /// `ct:<dueMillis>:<attempt>:<job>:<args>`.
    public var taskID: String
    public var jobID: String
    /// Metronome run ID (also in `MARATHON_APP_ID`).
    public var runID: String
    /// The run's due instant.
    public var due: Timestamp
    /// 0 for the first launch of the run.
    public var attempt: Int
    /// Mesos task name, `ChronosTask:<job>` as Chronos names it.
    public var name: String
    public var agentID: String
    public var hostname: String
    /// Resources to name in the TaskInfo, by role.
    public var resources: [String: RoleResources]
    public var command: TaskCommand
    /// `CommandInfo.user`; nil: the agent's default.
    public var user: String?
    /// The full task environment, sorted by name.
    public var environment: [EnvironmentVariable]
    /// URIs for the fetcher.
    public var fetch: [FetchURI]
    /// Metronome labels, for the TaskInfo's labels.
    public var labels: [String: String]
    /// Metronome `taskKillGracePeriodSeconds`.
    public var killGracePeriodSeconds: Double?
    /// Chronos `maxCompletionTime`, for `TaskInfo.max_completion_time` (the core also kills).
    public var maxCompletionSeconds: Double?
    /// Container settings as given (Chronos `container`, Metronome `docker`/`ucr`), for the shell.
    public var container: JSONValue?
}

/// The command of a task.
public enum TaskCommand: Hashable, Sendable {
    /// Run with `/bin/sh -c`.
    case shell(String)
    /// Execute `value` with `arguments` as argv (Mesos `shell: false`).
    case exec(value: String, arguments: [String])
}

/// One variable of a task's environment.
public struct EnvironmentVariable: Hashable, Sendable {
    public var name: String
    public var value: String

    /// A variable.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
