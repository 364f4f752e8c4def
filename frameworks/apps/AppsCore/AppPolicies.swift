/// Rolling-upgrade bounds (fractions of `instances`).
public struct UpgradeStrategy: Hashable, Sendable, Codable {
    public var minimumHealthCapacity: Double
    public var maximumOverCapacity: Double

    public init(minimumHealthCapacity: Double = 1, maximumOverCapacity: Double = 1) {
        self.minimumHealthCapacity = minimumHealthCapacity
        self.maximumOverCapacity = maximumOverCapacity
    }
}

/// What to do with instances on unreachable agents.
public enum UnreachableStrategy: Hashable, Sendable, Codable {
    /// Wait forever (resident apps).
    case disabled
    /// After `inactiveAfterSeconds` a replacement is launched; after `expungeAfterSeconds` the
    /// instance is forgotten (and killed if it comes back).
    case enabled(inactiveAfterSeconds: Double, expungeAfterSeconds: Double)

    public static let `default` = UnreachableStrategy.enabled(inactiveAfterSeconds: 0, expungeAfterSeconds: 0)
}

/// Which instances go first on scale-down.
public enum KillSelection: String, Hashable, Sendable, Codable {
    case youngestFirst = "YOUNGEST_FIRST"
    case oldestFirst = "OLDEST_FIRST"
}

/// A port the app declares (`portDefinitions[]`); `port` is the service port, 0 until assigned.
public struct PortDefinition: Hashable, Sendable, Codable {
    public var port: Int
    public var `protocol`: String
    public var name: String?
    public var labels: [String: String]

    public init(port: Int, protocol: String = "tcp", name: String? = nil, labels: [String: String] = [:]) {
        self.port = port
        self.protocol = `protocol`
        self.name = name
        self.labels = labels
    }
}

/// A URI the fetcher downloads into the sandbox.
public struct FetchURI: Hashable, Sendable, Codable {
    public var uri: String
    public var extract: Bool
    public var executable: Bool
    public var cache: Bool
    public var destPath: String?

    public init(uri: String, extract: Bool = true, executable: Bool = false, cache: Bool = false, destPath: String? = nil) {
        self.uri = uri
        self.extract = extract
        self.executable = executable
        self.cache = cache
        self.destPath = destPath
    }
}

/// An environment variable value: plain text or a reference to a secret.
public enum EnvValue: Hashable, Sendable, Codable {
    case value(String)
    case secret(String)
}

/// Version timestamps: `lastScalingAt` moves on every change, `lastConfigChangeAt` only when
/// something other than `instances` changed.
public struct VersionInfo: Hashable, Sendable, Codable {
    public var lastScalingAt: Timestamp
    public var lastConfigChangeAt: Timestamp

    public init(lastScalingAt: Timestamp, lastConfigChangeAt: Timestamp) {
        self.lastScalingAt = lastScalingAt
        self.lastConfigChangeAt = lastConfigChangeAt
    }
}
