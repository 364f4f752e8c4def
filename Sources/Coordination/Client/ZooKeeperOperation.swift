/// One operation of an atomic `multi`.
public enum ZooKeeperOperation: Sendable, Equatable, CustomStringConvertible {
    /// Create a node.
    case create(path: String, data: [UInt8], mode: CreateMode)
    /// Replace a node's data if its version matches (-1: any).
    case set(path: String, data: [UInt8], version: Int32)
    /// Delete a node if its version matches (-1: any).
    case delete(path: String, version: Int32)
    /// Require the node to exist with this version (-1: any version), changing nothing:
    /// the fence that makes a write conditional on, for example, still holding leadership.
    case check(path: String, version: Int32)

    /// The node the operation is about.
    public var path: String {
        switch self {
        case .create(let path, _, _), .set(let path, _, _), .delete(let path, _), .check(let path, _): path
        }
    }

    /// The operation in words, for error messages.
    public var description: String {
        switch self {
        case .create(let path, let data, let mode): "create \(path) (\(data.count) bytes, \(mode))"
        case .set(let path, let data, let version): "set \(path) (\(data.count) bytes, version \(version))"
        case .delete(let path, let version): "delete \(path) (version \(version))"
        case .check(let path, let version): "check \(path) (version \(version))"
        }
    }

    var isSequentialCreate: Bool {
        if case .create(_, _, let mode) = self { return mode.isSequential }
        return false
    }
}

/// What one operation of a successful `multi` produced.
public enum ZooKeeperOperationResult: Sendable, Equatable {
    /// The path created (with its sequence suffix, if any).
    case created(path: String)
    /// The node's metadata after the set.
    case set(NodeStat)
    case deleted
    case checked
}
