import CZooKeeper

/// Where a client's session stands.
public enum SessionState: Sendable, Equatable, CustomStringConvertible {
    /// Not connected (yet, or again): calls queue or fail with `connectionLoss`; the session
    /// may still be alive on the server.
    case connecting
    /// Connected with a live session.
    case connected
    /// The server expired the session: final, its ephemeral nodes and watches are gone.
    case expired
    /// The server rejected the credentials: final.
    case authFailed
    /// `close()` was called: final.
    case closed

    /// Whether the handle can never be used again.
    public var isFinal: Bool { self == .expired || self == .authFailed || self == .closed }

    /// A word for logs.
    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .connected: "connected"
        case .expired: "expired"
        case .authFailed: "auth failed"
        case .closed: "closed"
        }
    }

    /// Maps the C library's `*_STATE` values.
    init(cState: Int32) {
        switch cState {
        case ZOO_CONNECTED_STATE, ZOO_READONLY_STATE: self = .connected
        case ZOO_EXPIRED_SESSION_STATE: self = .expired
        case ZOO_AUTH_FAILED_STATE: self = .authFailed
        default: self = .connecting
        }
    }
}

/// A session's identity: pass it to a new client to resume (or, in tests, to steal) the session.
public struct ZooKeeperSession: Sendable, Equatable, CustomStringConvertible {
    /// The session id the server assigned.
    public let id: Int64
    /// The session password (16 bytes).
    public let password: [UInt8]

    /// A session to resume (as reported by `ZooKeeperClient.session`).
    public init(id: Int64, password: [UInt8]) {
        self.id = id
        self.password = password
    }

    /// The id in hex, as ZooKeeper logs it; never the password.
    public var description: String { "0x" + String(UInt64(bitPattern: self.id), radix: 16) }
}

/// How a node is created.
public enum CreateMode: Sendable, Equatable {
    case persistent
    case ephemeral
    case persistentSequential
    case ephemeralSequential

    var flags: Int32 {
        switch self {
        case .persistent: ZOO_PERSISTENT
        case .ephemeral: ZOO_EPHEMERAL
        case .persistentSequential: ZOO_PERSISTENT_SEQUENTIAL
        case .ephemeralSequential: ZOO_EPHEMERAL_SEQUENTIAL
        }
    }

    var isSequential: Bool { self == .persistentSequential || self == .ephemeralSequential }
}
