import AgoraModel

/// What the allocator knows of one agent.
struct AgentState: Sendable {
    let id: AgentID
    /// Position in registration order; the shuffle starts from this order.
    let slot: Int
    var total: Resources
    /// Offered or in use, per framework slot, tagged with allocation roles.
    var allocated: [Int: Resources] = [:]
    /// `total` minus everything allocated, untagged.
    var available: Resources
    var isActive: Bool

    var hasGPUs: Bool { self.total.scalar("gpus").isPositive }
}

/// What the allocator knows of one framework.
struct FrameworkState: Sendable {
    let id: FrameworkID
    let slot: Int
    /// Role IDs it is subscribed to.
    var roles: Set<Int> = []
    var suppressedRoles: Set<Int> = []
    var capabilities: Set<FrameworkCapability>
    var isActive: Bool
    /// Refusals from DECLINE or unused ACCEPT resources, by (role, agent slot).
    var filters: [FilterKey: [RefusalFilter]] = [:]

    func isOfferable(in role: Int) -> Bool {
        self.isActive && self.roles.contains(role) && !self.suppressedRoles.contains(role)
    }
}

/// A role the allocator has seen; IDs are never reused.
struct RoleState: Sendable {
    let name: String
    /// Role ID of its top-level role (itself when top-level); quota lives there.
    let topLevel: Int
    /// Framework slots subscribed to it.
    var members: Set<Int> = []
}

struct FilterKey: Hashable, Sendable {
    var role: Int
    var agentSlot: Int
}

/// "Do not offer me these resources (or less) on this agent in this role until `expiry`."
struct RefusalFilter: Sendable {
    var id: Int
    var resources: Resources
    var expiry: MonotonicInstant

    /// A later candidate offer is filtered iff the refused resources contain it.
    func filters(_ candidate: Resources, now: MonotonicInstant) -> Bool {
        now < self.expiry && self.resources.contains(candidate)
    }
}

/// Heap entry that removes a filter when it expires.
struct FilterExpiry: Comparable, Sendable {
    var expiry: MonotonicInstant
    var filterID: Int
    var frameworkSlot: Int
    var key: FilterKey

    static func < (lhs: FilterExpiry, rhs: FilterExpiry) -> Bool {
        (lhs.expiry, lhs.filterID) < (rhs.expiry, rhs.filterID)
    }

    static func == (lhs: FilterExpiry, rhs: FilterExpiry) -> Bool { lhs.filterID == rhs.filterID }
}
