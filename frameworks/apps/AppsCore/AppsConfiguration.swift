import OfferMatching

/// Tunables of the apps framework, with Marathon's defaults where they exist.
public struct AppsConfiguration: Hashable, Sendable {
    /// `refuse_seconds` for declined offers (`--decline_offer_duration`, 120 s).
    public var declineOfferSeconds: Double = 120
    /// Minimum time between two revives (`--min_revive_offers_interval`, 5 s).
    public var minReviveIntervalSeconds: Double = 5
    /// Launches per offer round per agent; nil = unlimited (Marathon's 5 would throttle).
    public var maxInstancesPerOffer: Int?
    /// `--max_running_deployments`; rollbacks are exempt.
    public var maxRunningDeployments = 100
    /// Versions kept per app (`--zk_max_versions`).
    public var maxVersions = 50
    /// Service port range (`--local_port_min/max`).
    public var servicePorts = 10000...20000
    /// A kill without a terminal update is repeated after this long.
    public var killRetrySeconds: Double = 10
    /// A task without TASK_RUNNING this long after launch is killed (`--task_launch_timeout`).
    public var taskLaunchTimeoutSeconds: Double = 300
    /// Offers summarised in the queue's "why waiting" counts, per app.
    public var offerStatsWindow = 100
    /// Unused offers kept per app for `lastUnusedOffers`.
    public var lastUnusedOffersKept = 10
    public var matchOptions = MatchOptions()
    /// Whether agents run the MESOS_HTTP/MESOS_TCP/COMMAND checks put in TaskInfos (Agora's
    /// command executor does). Off, such checks are passed on but do not gate deployments, for
    /// masters whose executors ignore them.
    public var agentsRunHealthChecks = true

    public init() {}
}
