import OfferMatching

/// What the shell must do after the core handled an input, **in order**. The order is the
/// contract: a `.persist` must be durably written before any later directive is carried out
/// (in particular before the `.launch` it precedes).
public enum AppsDirective: Hashable, Sendable {
    /// Write these records (and deletions) to the store, then continue.
    case persist([StoreChange])
    /// Accept `offerIDs` (all of one agent) with one LAUNCH operation per task.
    case launch(offerIDs: [String], agentID: String, tasks: [TaskLaunch])
    /// Decline offers, filtering them for `refuseSeconds`.
    case decline(offerIDs: [String], refuseSeconds: Double)
    /// Kill a task (Mesos KILL). `gracePeriodSeconds` is the app's `taskKillGracePeriodSeconds`.
    case kill(taskID: String, agentID: String?, gracePeriodSeconds: Double?)
    case reviveOffers
    case suppressOffers
    /// Explicit reconciliation of these tasks; an empty list asks for implicit reconciliation.
    case reconcile([ReconcileTask])
    /// Start running the framework-side (HTTP/HTTPS/TCP) health checks of a task; results come
    /// back as `AppsInput.healthCheckResult`. Replaces any checks already running for the task.
    case startHealthChecks(HealthCheckTarget)
    case stopHealthChecks(taskID: String)
    /// Start polling readiness checks of a new task during a deployment.
    case startReadinessChecks(ReadinessTarget)
    case stopReadinessChecks(taskID: String)
    /// Publish on `/v2/events`.
    case emit(AppsEvent, at: Timestamp)
    /// Call `handle(.tick, now:)` at (or soon after) this instant. Always the last directive;
    /// replaces any earlier wake-up.
    case wakeUp(at: Timestamp)
}

/// A task to reconcile.
public struct ReconcileTask: Hashable, Sendable {
    public var taskID: String
    public var agentID: String?
}

/// Everything needed to build a Mesos TaskInfo for one instance.
public struct TaskLaunch: Hashable, Sendable {
    public var taskID: String
    public var instanceID: String
    public var appID: PathID
    /// Mesos task name (Marathon uses the app ID's last segment... and path; we use `app.id` sans `/`).
    public var name: String
    public var agentID: String
    public var hostname: String
    /// Resources to name in the TaskInfo, by role (scalars and the chosen ports).
    public var resources: [String: RoleResources]
    public var hostPorts: [Int]
    /// `cmd` (run with `/bin/sh -c`, so `$PORT0` expands) or `args` (exec form).
    public var command: TaskCommand
    public var user: String?
    /// The full task environment, sorted by name.
    public var environment: [(String, String)]
    public var fetch: [FetchURI]
    public var labels: [String: String]
    /// The agent-run health check (MESOS_HTTP/MESOS_HTTPS/MESOS_TCP/COMMAND), to put into the TaskInfo.
    public var agentHealthCheck: HealthCheck?
    /// Port the agent health check targets (resolved from `portIndex`).
    public var agentHealthCheckPort: Int?
    public var killGracePeriodSeconds: Double?

    public static func == (lhs: TaskLaunch, rhs: TaskLaunch) -> Bool {
        lhs.taskID == rhs.taskID && lhs.agentID == rhs.agentID && lhs.resources == rhs.resources
            && lhs.hostPorts == rhs.hostPorts && lhs.environment.map(\.0) == rhs.environment.map(\.0)
            && lhs.environment.map(\.1) == rhs.environment.map(\.1) && lhs.command == rhs.command
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.taskID) }

    /// The environment as a dictionary.
    public var environmentDictionary: [String: String] { Dictionary(uniqueKeysWithValues: self.environment) }
}

public enum TaskCommand: Hashable, Sendable {
    case shell(String)
    case exec([String])
    /// Neither `cmd` nor `args` (container apps): the shell decides.
    case none
}

/// What the shell needs to run a task's framework-side health checks.
public struct HealthCheckTarget: Hashable, Sendable {
    public var taskID: String
    public var instanceID: String
    public var appID: PathID
    public var host: String
    /// One entry per framework-run check: its index in `healthChecks`, the check, and the port it targets.
    public var checks: [IndexedHealthCheck]
}

public struct IndexedHealthCheck: Hashable, Sendable {
    public var index: Int
    public var check: HealthCheck
    public var port: Int
}

/// What the shell needs to poll a task's readiness checks.
public struct ReadinessTarget: Hashable, Sendable {
    public var taskID: String
    public var instanceID: String
    public var appID: PathID
    public var host: String
    /// Each check with the port its `portName` resolves to.
    public var checks: [(check: ReadinessCheck, port: Int)]

    public static func == (lhs: ReadinessTarget, rhs: ReadinessTarget) -> Bool {
        lhs.taskID == rhs.taskID && lhs.checks.map(\.check) == rhs.checks.map(\.check) && lhs.checks.map(\.port) == rhs.checks.map(\.port)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.taskID) }
}
