import AgoraModel
import Allocator

/// Why resources are, or are not, offered: the allocator's view of roles and agents, and
/// for a demand (what one task needs) one sentence per obstacle. Pure data for `agora why`.
public struct AllocationExplanation: Hashable, Sendable {
    /// The role the demand was checked for.
    public var role: String
    /// Every role the allocator knows.
    public var roles: [RoleAllocationView]
    /// Every agent the allocator knows.
    public var agents: [AgentExplanation]
    /// Scalar totals of the cluster.
    public var totals: ResourceQuantities
    /// What stops the demand from being offered now; empty when it can be.
    public var reasons: [String]
}

/// One agent as the allocator sees it, with what a demand lacks there.
public struct AgentExplanation: Hashable, Sendable {
    /// What the allocator holds on the agent.
    public var view: AgentAllocationView
    /// The agent's hostname.
    public var hostname: String
    /// Outstanding offers on the agent, by framework (the rest of `view.held` is in use).
    public var offered: [FrameworkID: Resources]
    /// With a demand: what is short on this agent for the role (empty: it fits); nil
    /// without a demand.
    public var shortfall: ResourceQuantities?
}
