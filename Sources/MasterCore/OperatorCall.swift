import AgoraModel
import Allocator

/// An operator's call that changes the cluster (v1 operator API). The shell checks its
/// structure; the core checks what it means against the state, stores what must survive a
/// failover (`persist`), and the shell answers once the write is durable.
public enum OperatorCall: Hashable, Sendable {
    /// UPDATE_WEIGHTS: all or nothing. A weight of 1 resets the role to the default.
    case updateWeights([RoleWeight])
    /// UPDATE_QUOTA: all or nothing; `force` skips the checks against the cluster's capacity.
    /// A config with neither guarantees nor limits removes the role's quota.
    case updateQuota([RoleQuota], force: Bool)
    /// MARK_AGENT_GONE: the agent never comes back; its tasks are TASK_GONE_BY_OPERATOR.
    case markAgentGone(AgentID)
    /// TEARDOWN: removes the framework and kills its tasks, as its own TEARDOWN would.
    case teardown(FrameworkID)
    /// Agora's KILL_TASK: kills a task for its framework. `frameworkID` is needed only when
    /// the task ID is not unique across frameworks.
    case killTask(TaskID, frameworkID: FrameworkID?)
}

/// A role and the weight an operator gives it.
public struct RoleWeight: Hashable, Sendable {
    /// The role.
    public var role: String
    /// Its weight; must be positive.
    public var weight: Double

    /// A role's weight.
    public init(role: String, weight: Double) {
        self.role = role
        self.weight = weight
    }
}

/// A role and the quota an operator gives it (nil limits: unlimited).
public struct RoleQuota: Hashable, Sendable {
    /// A top-level role.
    public var role: String
    /// Its guarantees and limits.
    public var quota: Quota

    /// A role's quota.
    public init(role: String, quota: Quota) {
        self.role = role
        self.quota = quota
    }
}

/// The answer to an operator call, as the status codes Mesos uses.
public enum OperatorResult: Hashable, Sendable {
    /// 200
    case ok
    /// 400
    case badRequest(String)
    /// 404
    case notFound(String)
}
