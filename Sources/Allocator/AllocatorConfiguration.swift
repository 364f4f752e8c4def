import AgoraModel

/// Settings of the allocator. Every field has the Mesos default unless noted.
public struct AllocatorConfiguration: Sendable {
    /// Period of batch allocation runs; refusal filters never last less than this.
    public var allocationInterval: Duration = .seconds(1)
    /// An offer is made only if it holds at least one of these sets in full
    /// (Mesos `--min_allocatable_resources`, default `cpus:0.01|mem:32`).
    public var minAllocatable: [ResourceQuantities] = [
        ResourceQuantities(["cpus": 0.01]), ResourceQuantities(["mem": 32]),
    ]
    /// Refusal time of a DECLINE that names none (Mesos `Filters.refuse_seconds` default).
    public var defaultRefuseSeconds: Double = 5
    /// Longest refusal honoured; longer requests are capped (Mesos: 365 days).
    public var maxRefuseSeconds: Double = 365 * 86_400
    /// Offer agents that have GPUs only to frameworks with the GPU_RESOURCES capability.
    public var filterGPUResources = true
    /// Resource names left out of DRF shares (Mesos `--fair_sharing_excluded_resource_names`).
    public var fairnessExcludedResourceNames: Set<String> = []
    /// Seed of the agent shuffle; the same seed and inputs give the same offers.
    public var seed: UInt64 = 0

    public init() {}
}

/// One offer the allocator decided to make: everything allocatable to `role` that is left
/// on an agent, for one framework.
public struct OfferGrant: Hashable, Sendable, CustomStringConvertible {
    public var frameworkID: FrameworkID
    public var agentID: AgentID
    public var role: String
    /// The offered resources, tagged with `role` as their allocation role.
    public var resources: Resources

    public init(frameworkID: FrameworkID, agentID: AgentID, role: String, resources: Resources) {
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.role = role
        self.resources = resources
    }

    public var description: String { "\(self.frameworkID)@\(self.agentID)[\(self.role)]: \(self.resources)" }
}

/// Quota of a top-level role: resources it is guaranteed and resources it may never exceed.
public struct Quota: Hashable, Sendable {
    public var guarantees: ResourceQuantities
    public var limits: ResourceQuantities?

    public init(guarantees: ResourceQuantities = ResourceQuantities(), limits: ResourceQuantities? = nil) {
        self.guarantees = guarantees
        self.limits = limits
    }
}
