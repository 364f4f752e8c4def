/// A framework as it describes itself (Mesos `FrameworkInfo`).
public struct FrameworkDescriptor: Hashable, Sendable {
    public var id: FrameworkID?
    public var name: String
    public var user: String
    /// The roles it subscribes to; `[*]` when it named none.
    public var roles: [String]
    public var capabilities: Set<FrameworkCapability>
    /// How long the master keeps its tasks after it disconnects; 0 removes it at once.
    public var failoverTimeout: Duration
    public var checkpoint: Bool
    public var principal: String?
    public var hostname: String?
    public var webuiURL: String?
    /// Whether `roles` came from the MULTI_ROLE `roles` field (else from the legacy `role`).
    public var usesRolesField: Bool
    /// The whole FrameworkInfo as received.
    public var payload: WirePayload

    public init(
        id: FrameworkID? = nil,
        name: String,
        user: String,
        roles: [String] = [Roles.defaultRole],
        capabilities: Set<FrameworkCapability> = [],
        failoverTimeout: Duration = .zero,
        checkpoint: Bool = false,
        principal: String? = nil,
        hostname: String? = nil,
        webuiURL: String? = nil,
        usesRolesField: Bool = false,
        payload: WirePayload = WirePayload()
    ) {
        self.id = id
        self.name = name
        self.user = user
        self.roles = roles
        self.capabilities = capabilities
        self.failoverTimeout = failoverTimeout
        self.checkpoint = checkpoint
        self.principal = principal
        self.hostname = hostname
        self.webuiURL = webuiURL
        self.usesRolesField = usesRolesField
        self.payload = payload
    }

    public var isPartitionAware: Bool { self.capabilities.contains(.partitionAware) }
}
