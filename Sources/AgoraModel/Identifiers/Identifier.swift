/// A string identifier with its own type, so a `TaskID` never passes for an `AgentID`.
public protocol Identifier: Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier as it appears on the wire.
    var value: String { get }
    init(_ value: String)
}

extension Identifier {
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { self.value }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

/// Identifies a framework; assigned by the master as `<master-id>-<4-digit counter>`.
public struct FrameworkID: Identifier {
    public let value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies an agent; assigned by the master as `<master-id>-S<counter>`.
public struct AgentID: Identifier {
    public let value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies an offer; assigned by the master as `<master-id>-O<counter>`.
public struct OfferID: Identifier {
    public let value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies a task, unique within its framework; chosen by the framework.
public struct TaskID: Identifier {
    public let value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies an executor, unique within its framework on one agent.
public struct ExecutorID: Identifier {
    public let value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies one run of an executor on an agent.
public struct ContainerID: Identifier {
    public let value: String
    public init(_ value: String) { self.value = value }
}
