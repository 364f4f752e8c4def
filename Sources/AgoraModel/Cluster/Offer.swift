/// An offer of one agent's resources to one framework in one role.
public struct Offer: Hashable, Sendable {
    public var id: OfferID
    public var frameworkID: FrameworkID
    public var agentID: AgentID
    public var hostname: String
    /// Tagged with `role` as their allocation role.
    public var resources: Resources
    public var role: String
    public var attributes: [Attribute]
    /// The framework's executors already running on the agent.
    public var executorIDs: [ExecutorID]
    /// Where the agent serves.
    public var agentIP: String
    public var agentPort: Int

    public init(
        id: OfferID, frameworkID: FrameworkID, agentID: AgentID, hostname: String, resources: Resources, role: String,
        attributes: [Attribute] = [], executorIDs: [ExecutorID] = [], agentIP: String = "127.0.0.1", agentPort: Int = 5051
    ) {
        self.id = id
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.hostname = hostname
        self.resources = resources
        self.role = role
        self.attributes = attributes
        self.executorIDs = executorIDs
        self.agentIP = agentIP
        self.agentPort = agentPort
    }
}
