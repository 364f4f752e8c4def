import AgoraModel

/// A scheduler call other than SUBSCRIBE, already checked for structure by the shell
/// (Mesos `validation::scheduler::call::validate`).
public enum SchedulerCall: Hashable, Sendable {
    case teardown
    /// `refuseSeconds` as the call's Filters say (5 when absent; negative means default).
    /// `unauthorized`: tasks the ACLs do not let the caller run (`run_tasks`); they get
    /// TASK_ERROR with REASON_TASK_UNAUTHORIZED.
    case accept(offerIDs: [OfferID], operations: [OfferOperation], refuseSeconds: Double, unauthorized: [TaskID: String] = [:])
    case decline(offerIDs: [OfferID], refuseSeconds: Double)
    /// Empty roles mean all of the framework's roles.
    case revive(roles: [String])
    case suppress(roles: [String])
    case kill(TaskID, agentID: AgentID?, killGracePeriod: Duration?)
    case shutdown(ExecutorID, agentID: AgentID)
    case acknowledge(agentID: AgentID, taskID: TaskID, uuid: [UInt8])
    /// Empty means implicit reconciliation of every task.
    case reconcile([ReconcileItem])
    case message(agentID: AgentID, executorID: ExecutorID, data: [UInt8])
    case updateFramework(FrameworkDescriptor, suppressedRoles: [String])
    /// Accepted and ignored: REQUEST, inverse offers, operation feedback.
    case noOperation
}

/// One task named in an explicit RECONCILE.
public struct ReconcileItem: Hashable, Sendable {
    public var taskID: TaskID
    public var agentID: AgentID?
    public init(taskID: TaskID, agentID: AgentID? = nil) {
        self.taskID = taskID
        self.agentID = agentID
    }
}

/// One operation of an ACCEPT.
public enum OfferOperation: Hashable, Sendable {
    case launch([TaskSpec])
    case launchGroup(executor: ExecutorSpec, tasks: [TaskSpec])
}

/// A framework's SUBSCRIBE, with the stream the shell opened for it.
public struct SubscribeRequest: Hashable, Sendable {
    public var framework: FrameworkDescriptor
    public var suppressedRoles: [String]
    public var connection: ConnectionID
    /// The `Mesos-Stream-Id` the shell returned; later calls must carry it.
    public var streamID: String
    /// Why the ACLs refuse this subscription (`register_frameworks`), if they do: the
    /// framework gets an ERROR event with it and its stream closes.
    public var refusal: String?

    public init(
        framework: FrameworkDescriptor, suppressedRoles: [String] = [], connection: ConnectionID, streamID: String,
        refusal: String? = nil
    ) {
        self.framework = framework
        self.suppressedRoles = suppressedRoles
        self.connection = connection
        self.streamID = streamID
        self.refusal = refusal
    }
}

extension SchedulerCall {
    /// The call's type and what it names, for logs.
    public var kind: String {
        switch self {
        case .teardown: "TEARDOWN"
        case .accept(let offerIDs, let operations, _, _): "ACCEPT \(offerIDs) (\(operations.count) operations)"
        case .decline(let offerIDs, _): "DECLINE \(offerIDs)"
        case .revive: "REVIVE"
        case .suppress: "SUPPRESS"
        case .kill(let taskID, _, _): "KILL \(taskID)"
        case .shutdown(let executorID, _): "SHUTDOWN \(executorID)"
        case .acknowledge(_, let taskID, _): "ACKNOWLEDGE \(taskID)"
        case .reconcile(let items): "RECONCILE \(items.map(\.taskID))"
        case .message: "MESSAGE"
        case .updateFramework: "UPDATE_FRAMEWORK"
        case .noOperation: "NO-OP"
        }
    }
}
