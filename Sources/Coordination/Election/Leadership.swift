/// What a contender is told about its leadership.
public enum Leadership: Sendable, Equatable, CustomStringConvertible {
    /// It leads: its node is the lowest of the group.
    case elected
    /// It is a member but another contender leads.
    case notElected
    /// It led and no longer may: stop acting as leader at once.
    case lost(LeadershipLoss)

    /// A word for logs.
    public var description: String {
        switch self {
        case .elected: "elected"
        case .notElected: "not elected"
        case .lost(let reason): "lost (\(reason))"
        }
    }
}

/// Why a leader lost its leadership.
public enum LeadershipLoss: Sendable, Equatable, CustomStringConvertible {
    /// Disconnected from ZooKeeper: it cannot prove it still holds the session. It may be
    /// elected again if it reconnects with the same session and its node is still lowest.
    case connectionLost
    /// Its session expired; it contends again with a new session (and a new node).
    case sessionExpired
    /// Its node was deleted by someone else; it contends again with a new node.
    case nodeDeleted
    /// A node with a lower sequence appeared (only if its own node was recreated).
    case superseded
    /// `withdraw()` was called.
    case withdrawn
    /// An unexpected error ended the session.
    case failed(String)

    /// The reason in words.
    public var description: String {
        switch self {
        case .connectionLost: "connection to ZooKeeper lost"
        case .sessionExpired: "ZooKeeper session expired"
        case .nodeDeleted: "membership node deleted"
        case .superseded: "a lower member appeared"
        case .withdrawn: "withdrawn"
        case .failed(let message): message
        }
    }
}

/// How a session loop ended.
enum SessionOutcome: Equatable {
    /// The session expired: start a new one.
    case expired
    /// An error ended it: start a new one after a backoff.
    case failed(ZooKeeperError)
    /// The owner stopped (cancelled, withdrawn, closed).
    case cancelled
}

/// What a session loop does after one evaluation.
enum SessionStep {
    /// Evaluate again at once (something changed under it).
    case again
    /// Wait for the next event.
    case wait
    /// End the session.
    case end(SessionOutcome)
}

extension SessionOutcome {
    /// How an error met during an evaluation ends (or does not end) the session; nil for
    /// transient errors (connection loss, timeout) that a later evaluation retries.
    init?(error: ZooKeeperError) {
        switch error {
        case .connectionLoss, .operationTimeout: return nil
        case .sessionExpired: self = .expired
        case .closing, .cancelled: self = .cancelled
        default: self = .failed(error)
        }
    }

    /// The loop's reaction to a session state: nil while the session lives.
    init?(state: SessionState) {
        switch state {
        case .connecting, .connected: return nil
        case .expired: self = .expired
        case .authFailed: self = .failed(.authFailed)
        case .closed: self = .cancelled
        }
    }
}
