/// A reservation of a resource for a role (one layer of Mesos `Resource.reservations`).
public struct Reservation: Hashable, Sendable {
    /// Static reservations come from the agent's flags; dynamic ones from RESERVE operations.
    public enum Kind: Hashable, Sendable { case `static`, dynamic }

    public var kind: Kind
    public var role: String
    public var principal: String?
    /// Free-form key/value labels; part of the reservation's identity.
    public var labels: [Label]

    public init(kind: Kind = .static, role: String, principal: String? = nil, labels: [Label] = []) {
        self.kind = kind
        self.role = role
        self.principal = principal
        self.labels = labels
    }
}

/// A key/value label (Mesos `Label`).
public struct Label: Hashable, Sendable {
    public var key: String
    public var value: String?

    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }
}

/// The value of one resource.
public enum ResourceValue: Hashable, Sendable {
    case scalar(Scalar)
    case ranges(ValueRanges)
    case set(Set<String>)

    /// Whether the value holds nothing (a zero scalar, no ranges, an empty set).
    public var isEmpty: Bool {
        switch self {
        case .scalar(let scalar): !scalar.isPositive
        case .ranges(let ranges): ranges.isEmpty
        case .set(let items): items.isEmpty
        }
    }
}

/// One named resource with its value and identity (reservations, allocation role, revocability).
///
/// Two resources with the same identity combine into one when added to `Resources`.
public struct Resource: Hashable, Sendable {
    public var name: String
    public var value: ResourceValue
    /// Reservation stack, outermost role last; empty means unreserved (`*`).
    public var reservations: [Reservation]
    /// The role this resource is offered or allocated to, if any.
    public var allocationRole: String?
    public var isRevocable: Bool

    public init(
        name: String,
        value: ResourceValue,
        reservations: [Reservation] = [],
        allocationRole: String? = nil,
        isRevocable: Bool = false
    ) {
        self.name = name
        self.value = value
        self.reservations = reservations
        self.allocationRole = allocationRole
        self.isRevocable = isRevocable
    }

    /// A scalar resource such as `cpus:4`.
    public static func scalar(_ name: String, _ amount: Double, role: String? = nil) -> Resource {
        Resource(name: name, value: .scalar(Scalar(amount)), reservations: Self.reservations(for: role))
    }

    /// A ranges resource such as `ports:[31000-32000]`.
    public static func ranges(_ name: String, _ ranges: [ClosedRange<UInt64>], role: String? = nil) -> Resource {
        Resource(name: name, value: .ranges(ValueRanges(ranges)), reservations: Self.reservations(for: role))
    }

    /// A set resource such as `gpus_ids:{a,b}`.
    public static func set(_ name: String, _ items: Set<String>, role: String? = nil) -> Resource {
        Resource(name: name, value: .set(items), reservations: Self.reservations(for: role))
    }

    /// The role the resource is reserved to (the top of the stack), or nil when unreserved.
    public var reservedRole: String? { self.reservations.last?.role }

    public var isUnreserved: Bool { self.reservations.isEmpty }

    public var scalarValue: Scalar? {
        if case .scalar(let scalar) = self.value { return scalar }
        return nil
    }

    /// Whether a framework acting in `role` may be offered this resource: unreserved, or
    /// reserved to `role` or to one of its ancestors (`a` reservations serve `a/b`).
    public func isAllocatable(to role: String) -> Bool {
        guard let reserved = self.reservedRole else { return true }
        return Roles.isSameOrDescendant(role, of: reserved)
    }

    /// Same name, type and identity: the two combine under addition.
    func hasSameIdentity(as other: Resource) -> Bool {
        self.name == other.name && self.reservations == other.reservations
            && self.allocationRole == other.allocationRole && self.isRevocable == other.isRevocable
            && self.value.hasSameType(as: other.value)
    }

    private static func reservations(for role: String?) -> [Reservation] {
        guard let role, role != "*" else { return [] }
        return [Reservation(role: role)]
    }
}

extension ResourceValue {
    func hasSameType(as other: ResourceValue) -> Bool {
        switch (self, other) {
        case (.scalar, .scalar), (.ranges, .ranges), (.set, .set): true
        default: false
        }
    }

    /// Combines two values of the same type.
    func adding(_ other: ResourceValue) -> ResourceValue {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)): .scalar(a + b)
        case (.ranges(let a), .ranges(let b)): .ranges(a + b)
        case (.set(let a), .set(let b)): .set(a.union(b))
        default: self
        }
    }

    /// Removes `other` from this value; scalars stop at zero.
    func subtracting(_ other: ResourceValue) -> ResourceValue {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)): .scalar(a > b ? a - b : .zero)
        case (.ranges(let a), .ranges(let b)): .ranges(a - b)
        case (.set(let a), .set(let b)): .set(a.subtracting(b))
        default: self
        }
    }

    func contains(_ other: ResourceValue) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)): a >= b
        case (.ranges(let a), .ranges(let b)): a.contains(b)
        case (.set(let a), .set(let b)): a.isSuperset(of: b)
        default: false
        }
    }
}
