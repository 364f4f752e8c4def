import CZooKeeper

/// Why a ZooKeeper call failed.
public indirect enum ZooKeeperError: Error, Equatable, Sendable {
    /// The node does not exist.
    case noNode(path: String)
    /// The node already exists.
    case nodeExists(path: String)
    /// The node's version is not the one the call expected.
    case badVersion(path: String)
    /// The node has children and cannot be deleted.
    case notEmpty(path: String)
    /// Ephemeral nodes cannot have children.
    case noChildrenForEphemerals(path: String)
    /// The session is expired: the handle is dead, make a new client.
    case sessionExpired
    /// The connection dropped before the server answered; the call may or may not have happened.
    case connectionLoss
    /// The server did not answer in time; the call may or may not have happened.
    case operationTimeout
    /// The node's ACL does not allow this call.
    case noAuth(path: String)
    /// The server rejected the credentials: the handle is dead.
    case authFailed
    /// The path is not a valid znode path.
    case invalidPath(path: String, reason: String)
    /// The client is closing or closed.
    case closing
    /// The client did not connect within the given time.
    case connectTimeout(Duration)
    /// The waiting task was cancelled.
    case cancelled
    /// The C library rejected the arguments (for example a malformed server list).
    case badArguments(String)
    /// Operation `index` of a multi failed; nothing in the multi was applied.
    case multiFailed(index: Int, operation: ZooKeeperOperation, cause: ZooKeeperError)
    /// Any other result code of the C library.
    case other(code: Int32, message: String)
}

extension ZooKeeperError: CustomStringConvertible {
    /// A sentence for logs and error messages.
    public var description: String {
        switch self {
        case .noNode(let path): "znode \(path) does not exist"
        case .nodeExists(let path): "znode \(path) already exists"
        case .badVersion(let path): "znode \(path) has a different version than expected"
        case .notEmpty(let path): "znode \(path) has children"
        case .noChildrenForEphemerals(let path): "ephemeral znode \(path) cannot have children"
        case .sessionExpired: "ZooKeeper session expired"
        case .connectionLoss: "connection to ZooKeeper lost; the outcome of the call is unknown"
        case .operationTimeout: "ZooKeeper operation timed out; the outcome of the call is unknown"
        case .noAuth(let path): "not authorized for znode \(path)"
        case .authFailed: "ZooKeeper authentication failed"
        case .invalidPath(let path, let reason): "invalid znode path '\(path)': \(reason)"
        case .closing: "ZooKeeper client is closed"
        case .connectTimeout(let timeout): "not connected to ZooKeeper within \(timeout)"
        case .cancelled: "cancelled while waiting for ZooKeeper"
        case .badArguments(let message): "invalid ZooKeeper arguments: \(message)"
        case .multiFailed(let index, let operation, let cause): "multi operation \(index) (\(operation)) failed: \(cause)"
        case .other(let code, let message): "ZooKeeper error \(code): \(message)"
        }
    }
}

extension ZooKeeperError {
    /// Maps a C result code; `path` names the node the call was about, `state` explains
    /// ZINVALIDSTATE (which the library returns for any call on a dead handle).
    init(code: Int32, path: String, state: SessionState) {
        switch code {
        case ZNONODE.rawValue: self = .noNode(path: path)
        case ZNODEEXISTS.rawValue: self = .nodeExists(path: path)
        case ZBADVERSION.rawValue: self = .badVersion(path: path)
        case ZNOTEMPTY.rawValue: self = .notEmpty(path: path)
        case ZNOCHILDRENFOREPHEMERALS.rawValue: self = .noChildrenForEphemerals(path: path)
        case ZSESSIONEXPIRED.rawValue: self = .sessionExpired
        case ZCONNECTIONLOSS.rawValue: self = .connectionLoss
        case ZOPERATIONTIMEOUT.rawValue: self = .operationTimeout
        case ZNOAUTH.rawValue: self = .noAuth(path: path)
        case ZAUTHFAILED.rawValue: self = .authFailed
        case ZCLOSING.rawValue: self = .closing
        case ZBADARGUMENTS.rawValue: self = .badArguments("rejected by the C client for '\(path)'")
        case ZINVALIDSTATE.rawValue: self = Self.deadHandle(state) ?? .other(code: code, message: Self.text(code))
        default: self = .other(code: code, message: Self.text(code))
        }
    }

    /// The error for calls on a handle in `state`, if that state is final.
    static func deadHandle(_ state: SessionState) -> ZooKeeperError? {
        switch state {
        case .expired: .sessionExpired
        case .authFailed: .authFailed
        case .closed: .closing
        case .connecting, .connected: nil
        }
    }

    static func text(_ code: Int32) -> String { String(cString: zerror(code)) }
}
