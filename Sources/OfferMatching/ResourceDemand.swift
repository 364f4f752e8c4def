/// One port a task asks for.
public enum PortRequest: Hashable, Sendable, Codable {
    /// Any free port (Marathon's dynamic host port).
    case any
    /// Exactly this port (`requirePorts: true`).
    case exact(Int)
}

/// What one task needs from an offer.
public struct ResourceDemand: Hashable, Sendable, Codable {
    public var cpus: Double
    public var mem: Double
    public var disk: Double
    public var gpus: Double
    /// Ports in the order the task sees them (`PORT0`, `PORT1`, ...).
    public var ports: [PortRequest]
    /// Roles whose resources may be used (`acceptedResourceRoles`); nil accepts every offered role.
    public var acceptedRoles: Set<String>?

    public init(
        cpus: Double, mem: Double, disk: Double = 0, gpus: Double = 0, ports: [PortRequest] = [],
        acceptedRoles: Set<String>? = nil
    ) {
        self.cpus = cpus
        self.mem = mem
        self.disk = disk
        self.gpus = gpus
        self.ports = ports
        self.acceptedRoles = acceptedRoles
    }

    /// Scalars in Marathon's check order, with their Mesos names.
    var scalars: [(name: String, amount: Double)] {
        [("cpus", self.cpus), ("mem", self.mem), ("disk", self.disk), ("gpus", self.gpus)]
    }
}

/// What was taken from an offer pool for one task.
public struct ResourceAllocation: Hashable, Sendable, Codable {
    public var agentID: String
    /// Every offer of the pool; Mesos accepts them together.
    public var offerIDs: [String]
    /// The resources taken, by role, as the launch must name them.
    public var byRole: [String: RoleResources]
    /// The host ports chosen, in request order.
    public var ports: [Int]
}

/// Options that change how offers are judged.
public struct MatchOptions: Hashable, Sendable, Codable {
    /// Decline agents that have GPUs for tasks that need none (Marathon's `restricted` GPU
    /// scheduling). Off by default so GPU machines also run ordinary tasks.
    public var declineScarceGPUs: Bool

    public init(declineScarceGPUs: Bool = false) {
        self.declineScarceGPUs = declineScarceGPUs
    }
}
