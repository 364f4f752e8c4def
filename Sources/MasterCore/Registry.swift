import AgoraModel
import Allocator

/// What the master keeps durable so that a new leader (or a restarted single master) loses
/// nothing: the agents it admitted, the ones it declared unreachable or gone, the
/// frameworks it knows and the ones it removed, and the roles' weights and quota.
///
/// Mesos's registry holds the agent part; frameworks are Agora's addition, so that a
/// framework's `failover_timeout` keeps counting across a failover and a removed framework
/// can never come back. Times are wall-clock seconds since the Unix epoch: they must mean
/// the same to the next leader, whose monotonic clock started elsewhere.
///
/// Invariant: an agent ID is in at most one of `agents`, `unreachableAgents`, `goneAgents`;
/// a framework ID is in at most one of `frameworks`, `removedFrameworks`.
public struct Registry: Hashable, Sendable {
    /// Agents admitted and not declared unreachable or gone.
    public var agents: [AgentID: AgentDescriptor] = [:]
    /// Agents declared unreachable, with what they were and since when.
    public var unreachableAgents: [AgentID: UnreachableAgent] = [:]
    /// Agents an operator marked gone, and when: they may never re-register.
    public var goneAgents: [AgentID: Double] = [:]
    public var frameworks: [FrameworkID: RegisteredFramework] = [:]
    /// Frameworks torn down or timed out, and when: they may never re-subscribe.
    public var removedFrameworks: [FrameworkID: Double] = [:]
    public var weights: [String: Double] = [:]
    public var quotas: [String: Quota] = [:]

    public init() {}

    /// An unreachable agent's last description and the time it was declared unreachable.
    public struct UnreachableAgent: Hashable, Sendable {
        public var info: AgentDescriptor
        public var since: Double

        public init(info: AgentDescriptor, since: Double) {
            self.info = info
            self.since = since
        }
    }

    /// A framework's description and, while no scheduler is subscribed, since when.
    public struct RegisteredFramework: Hashable, Sendable {
        public var info: FrameworkDescriptor
        public var disconnectedSince: Double?

        public init(info: FrameworkDescriptor, disconnectedSince: Double? = nil) {
            self.info = info
            self.disconnectedSince = disconnectedSince
        }
    }

    /// The registry after `change`.
    public mutating func apply(_ change: RegistryChange) {
        switch change {
        case .admitAgent(let info):
            guard let id = info.id else { return }
            self.unreachableAgents[id] = nil
            self.agents[id] = info
        case .markAgentUnreachable(let id, let time):
            guard let info = self.agents.removeValue(forKey: id) ?? self.unreachableAgents[id]?.info else { return }
            self.unreachableAgents[id] = UnreachableAgent(info: info, since: time)
        case .markAgentGone(let id, let time):
            self.agents[id] = nil
            self.unreachableAgents[id] = nil
            self.goneAgents[id] = time
        case .recordFramework(let info, let disconnectedSince):
            guard let id = info.id, self.removedFrameworks[id] == nil else { return }
            self.frameworks[id] = RegisteredFramework(info: info, disconnectedSince: disconnectedSince)
        case .removeFramework(let id, let time):
            self.frameworks[id] = nil
            self.removedFrameworks[id] = time
        case .setWeight(let role, let weight):
            self.weights[role] = weight
        case .setQuota(let role, let quota):
            self.quotas[role] = quota
        }
    }

    public func applying(_ changes: [RegistryChange]) -> Registry {
        var registry = self
        for change in changes { registry.apply(change) }
        return registry
    }
}

/// One durable change the master asks its shell to store before anything that depends on it
/// is said to anyone.
public enum RegistryChange: Hashable, Sendable {
    /// A new agent, a known one whose description changed, or one coming back from unreachable.
    case admitAgent(AgentDescriptor)
    case markAgentUnreachable(AgentID, at: Double)
    case markAgentGone(AgentID, at: Double)
    /// A framework (new, or its description changed); `disconnectedSince` nil while subscribed.
    case recordFramework(FrameworkDescriptor, disconnectedSince: Double?)
    case removeFramework(FrameworkID, at: Double)
    /// nil removes the role's weight (back to 1).
    case setWeight(role: String, weight: Double?)
    /// nil removes the role's quota.
    case setQuota(role: String, quota: Quota?)
}
