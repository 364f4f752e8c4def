/// A closed range of integers (Mesos `Value.Range`), used for ports and range attributes.
public struct ValueRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var begin: Int
    public var end: Int

    public init(_ begin: Int, _ end: Int) {
        self.begin = begin
        self.end = end
    }

    public var count: Int { max(0, self.end - self.begin + 1) }
    public func contains(_ value: Int) -> Bool { value >= self.begin && value <= self.end }
    public var description: String { "\(self.begin)-\(self.end)" }
}

/// What an offer holds for one role: scalars by name (`cpus`, `mem`, `disk`, `gpus`, ...) and ports.
public struct RoleResources: Hashable, Sendable, Codable {
    public var scalars: [String: Double]
    public var ports: [ValueRange]

    public init(scalars: [String: Double] = [:], ports: [ValueRange] = []) {
        self.scalars = scalars
        self.ports = ports
    }

    /// Whether nothing is left.
    public var isEmpty: Bool { self.scalars.values.allSatisfy { $0 <= 0 } && self.ports.allSatisfy { $0.count == 0 } }
}

/// One resource offer, reduced to what placement needs. The SDK converts Mesos offers into it.
public struct ResourceOffer: Hashable, Sendable, Codable {
    public var id: String
    public var agentID: String
    public var hostname: String
    /// Agent attributes by name.
    public var attributes: [String: AttributeValue]
    /// Fault domain (`@region`, `@zone` constraint fields), when the agent has one.
    public var region: String?
    public var zone: String?
    /// Resources by role (`*` for unreserved).
    public var resources: [String: RoleResources]

    public init(
        id: String, agentID: String, hostname: String, attributes: [String: AttributeValue] = [:],
        region: String? = nil, zone: String? = nil, resources: [String: RoleResources]
    ) {
        self.id = id
        self.agentID = agentID
        self.hostname = hostname
        self.attributes = attributes
        self.region = region
        self.zone = zone
        self.resources = resources
    }

    /// Unreserved (`*`) resources only: the common case in tests and single-role frameworks.
    public init(
        id: String, agentID: String, hostname: String, attributes: [String: AttributeValue] = [:],
        cpus: Double, mem: Double, disk: Double = 0, gpus: Double = 0, ports: [ValueRange] = []
    ) {
        var scalars = ["cpus": cpus, "mem": mem, "disk": disk]
        if gpus > 0 { scalars["gpus"] = gpus }
        self.init(
            id: id, agentID: agentID, hostname: hostname, attributes: attributes,
            resources: ["*": RoleResources(scalars: scalars, ports: ports)])
    }

    /// Where a task placed on this offer would run, for constraint checks.
    public var placement: Placement {
        Placement(agentID: self.agentID, hostname: self.hostname, attributes: self.attributes, region: self.region, zone: self.zone)
    }
}

/// Where an instance runs (or would run): what constraints look at.
public struct Placement: Hashable, Sendable, Codable {
    public var agentID: String
    public var hostname: String
    public var attributes: [String: AttributeValue]
    public var region: String?
    public var zone: String?

    public init(
        agentID: String, hostname: String, attributes: [String: AttributeValue] = [:], region: String? = nil,
        zone: String? = nil
    ) {
        self.agentID = agentID
        self.hostname = hostname
        self.attributes = attributes
        self.region = region
        self.zone = zone
    }

    /// The text a constraint compares for `field`: `hostname`/`@hostname`, `@region`, `@zone`, or an attribute.
    public func value(of field: String) -> String? {
        switch field {
        case "hostname", "@hostname": self.hostname
        case "@region": self.region
        case "@zone": self.zone
        default: self.attributes[field]?.constraintText
        }
    }
}
