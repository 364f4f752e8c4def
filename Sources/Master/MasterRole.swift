/// Whether this master leads, and if not, who does.
enum MasterRole: Sendable, Equatable {
    /// Another master leads (or, with nil, none is elected yet).
    case standby(leader: LeaderAddress?)
    /// Elected; loading the registry. Calls get 503 until it is done.
    case recovering
    /// Leading since `electedAt` (Unix seconds).
    case leading(electedAt: Double)

    var isLeading: Bool {
        if case .leading = self { true } else { false }
    }
}

/// The leading master as a standby knows it, from its ZooKeeper node.
struct LeaderAddress: Sendable, Equatable {
    var hostname: String
    var port: Int
    /// The leader's MasterInfo JSON, as it wrote it.
    var infoJSON: [UInt8]

    /// Mesos's protocol-relative redirect target, `//host:port`.
    var redirectBase: String { "//\(self.hostname):\(self.port)" }
}
