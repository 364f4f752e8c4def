/// An open HTTP stream, numbered by the shell.
public struct ConnectionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int
    public init(_ value: Int) { self.value = value }
    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.value < rhs.value }
    public var description: String { "conn-\(self.value)" }
}
