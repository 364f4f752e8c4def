import OfferMatching

/// A Marathon app definition with Marathon's defaults (reference §3.1). Immutable per
/// version: every change produces a new value with a new `version`.
public struct AppDefinition: Hashable, Sendable, Codable {
    public var id: PathID
    public var cmd: String?
    public var args: [String]?
    public var user: String?
    public var env: [String: EnvValue] = [:]
    public var instances = 1
    public var cpus = 1.0
    public var mem = 128.0
    public var disk = 0.0
    public var gpus = 0
    public var executor = ""
    public var constraints: [PlacementConstraint] = []
    public var acceptedResourceRoles: [String]?
    /// Service ports; a `0` is replaced by an assigned port when the app is stored.
    public var portDefinitions: [PortDefinition] = [PortDefinition(port: 0, name: "default")]
    public var requirePorts = false
    /// Passed through as given (this framework runs no containers).
    public var container: JSONValue?
    public var networks: JSONValue?
    public var secrets: JSONValue?
    public var healthChecks: [HealthCheck] = []
    public var readinessChecks: [ReadinessCheck] = []
    public var dependencies: [PathID] = []
    public var upgradeStrategy = UpgradeStrategy()
    public var backoffSeconds = 1.0
    public var backoffFactor = 1.15
    /// 300 s as in Marathon ≥ 1.8 (≤ 1.7 used 3600).
    public var maxLaunchDelaySeconds = 300.0
    public var killSelection = KillSelection.youngestFirst
    public var unreachableStrategy = UnreachableStrategy.default
    public var taskKillGracePeriodSeconds: Double?
    public var fetch: [FetchURI] = []
    public var labels: [String: String] = [:]
    /// Beyond Marathon: a deployment touching this app fails after this many seconds.
    public var deadlineSeconds: Double?
    /// Beyond Marathon: when the deadline passes, roll back to the previous definitions.
    public var rollbackOnDeadline: Bool?
    public var version: Timestamp
    public var versionInfo: VersionInfo

    public init(id: PathID, version: Timestamp = Timestamp(milliseconds: 0)) {
        self.id = id
        self.version = version
        self.versionInfo = VersionInfo(lastScalingAt: version, lastConfigChangeAt: version)
    }

    /// The same definition with `instances` and versions blanked: equal configs need no restart.
    public var configuration: AppDefinition {
        var copy = self
        copy.instances = 0
        copy.version = Timestamp(milliseconds: 0)
        copy.versionInfo = VersionInfo(lastScalingAt: copy.version, lastConfigChangeAt: copy.version)
        return copy
    }

    /// Whether going from `self` to `other` changes more than `instances` (Marathon's `needsRestart`);
    /// a restart request keeps the config but moves `lastConfigChangeAt`.
    public func needsRestart(becoming other: AppDefinition) -> Bool {
        self.configuration != other.configuration || self.versionInfo.lastConfigChangeAt != other.versionInfo.lastConfigChangeAt
    }

    /// Health checks the framework runs itself (HTTP, HTTPS, TCP).
    public var frameworkHealthChecks: [HealthCheck] { self.healthChecks.filter { !$0.protocol.runsOnAgent } }

    /// The health check the agent runs (MESOS_*, COMMAND); at most one is allowed.
    public var agentHealthCheck: HealthCheck? { self.healthChecks.first { $0.protocol.runsOnAgent } }

    /// What one instance needs from an offer.
    public var resourceDemand: ResourceDemand {
        let ports: [PortRequest] = self.portDefinitions.map { self.requirePorts ? .exact($0.port) : .any }
        return ResourceDemand(
            cpus: self.cpus, mem: self.mem, disk: self.disk, gpus: Double(self.gpus), ports: ports,
            acceptedRoles: self.acceptedResourceRoles.map(Set.init))
    }
}
