import OfferMatching

/// The apps framework's state machine (Marathon semantics, reference §3–§4): app definitions
/// with versions, instances and their tasks, deployments, the launch queue with backoff, and
/// health. Pure and deterministic: every input comes with `now`, IDs come from a seeded
/// generator, and the shell carries out the returned directives in order (see `AppsDirective`).
///
///     var core = AppsCore(configuration: AppsConfiguration(), seed: 42)
///     let (result, directives) = core.perform(.createApp(json, force: false), now: now)
///     let more = core.handle(.offers(offers), now: now)
public struct AppsCore: Sendable {
    public let configuration: AppsConfiguration
    var ids: SeededIDs
    /// Current definitions of existing apps.
    public internal(set) var apps: [PathID: AppDefinition] = [:]
    /// Stored versions per app, newest first.
    public internal(set) var versions: [PathID: [AppDefinition]] = [:]
    /// Definitions of apps being stopped (deleted, instances not yet gone).
    var terminatingApps: [PathID: AppDefinition] = [:]
    public internal(set) var instances = InstanceTable()
    var instancesByApp: [PathID: Set<String>] = [:]
    var instanceByTask: [String: String] = [:]
    public internal(set) var deployments: [String: Deployment] = [:]
    /// Deployment IDs in creation order.
    var deploymentOrder: [String] = []
    /// Framework-run health results by instance, then by check index. Not persisted.
    var health: [String: [Int: HealthResult]] = [:]
    /// Readiness results by instance, then by check name. Not persisted.
    var readiness: [String: [String: ReadinessResult]] = [:]
    /// Tasks whose readiness checks the shell is polling.
    var readinessPolled: Set<String> = []
    /// Launch backoff per (app, config version). Not persisted (a restart resets backoff).
    var delays: [BackoffKey: LaunchDelay] = [:]
    public internal(set) var offerStats: [PathID: OfferStats] = [:]
    public internal(set) var lastTaskFailures: [PathID: TaskFailure] = [:]
    var offerInterest = OfferInterest.unknown
    var lastReviveAt: Timestamp?
    /// Something new was queued since the last revive.
    var newWork = false
    var lastVersion = Timestamp(milliseconds: 0)
    /// Store changes of the input being handled, flushed as one leading `.persist`.
    var pendingChanges: [String: StoreChange] = [:]
    var pendingOrder: [String] = []

    enum OfferInterest: Hashable, Sendable { case unknown, revived, suppressed }

    struct BackoffKey: Hashable, Sendable {
        var appID: PathID
        var configVersion: Timestamp
    }

    public init(configuration: AppsConfiguration = AppsConfiguration(), seed: UInt64) {
        self.configuration = configuration
        self.ids = SeededIDs(seed: seed)
    }

    /// A cluster or timer input.
    public mutating func handle(_ input: AppsInput, now: Timestamp) -> [AppsDirective] {
        self.handle([input], now: now)
    }

    /// Inputs that arrived together (what a busy shell received meanwhile), taken in order.
    /// A run of updates that only add progress (tasks starting or running) is converged once
    /// at its end instead of after each: convergence looks at every instance, so a burst of
    /// updates stays linear. Before any other input the state is converged, so the result is
    /// the state one-by-one handling reaches (given each task's updates in order); only the
    /// order of the events emitted within such a run may differ.
    public mutating func handle(_ inputs: [AppsInput], now: Timestamp) -> [AppsDirective] {
        var out: [AppsDirective] = []
        for (index, input) in inputs.enumerated() {
            if index > 0, !input.onlyAddsProgress { self.converge(now: now, &out) }
            self.take(input, now: now, &out)
        }
        return self.finish(now: now, out)
    }

    private mutating func take(_ input: AppsInput, now: Timestamp, _ out: inout [AppsDirective]) {
        switch input {
        case .offers(let offers): self.handleOffers(offers, now: now, &out)
        case .offerRescinded: break
        case .statusUpdate(let update): self.handleStatus(update, now: now, &out)
        case .healthCheckResult(let taskID, let index, let alive, let cause):
            self.handleHealthResult(taskID: taskID, index: index, alive: alive, cause: cause, now: now, &out)
        case .readinessCheckResult(let result): self.handleReadiness(result, now: now, &out)
        case .subscribed: self.handleSubscribed(now: now, &out)
        case .tick: self.handleTick(now: now, &out)
        }
    }

    /// An API request that changes something. Read-only requests use the query methods.
    public mutating func perform(
        _ command: AppsCommand, context: RequestContext = RequestContext(), now: Timestamp
    ) -> (AppsCommandResult, [AppsDirective]) {
        var out: [AppsDirective] = []
        let result = self.dispatch(command, context: context, now: now, &out)
        return (result, self.finish(now: now, out))
    }

    /// Converges everything, then puts the store changes first and the wake-up last.
    mutating func finish(now: Timestamp, _ out: [AppsDirective]) -> [AppsDirective] {
        var out = out
        self.converge(now: now, &out)
        var directives: [AppsDirective] = []
        let changes = self.pendingOrder.compactMap { self.pendingChanges[$0] }
        if !changes.isEmpty { directives.append(.persist(changes)) }
        self.pendingChanges = [:]
        self.pendingOrder = []
        directives += out
        if let wakeup = self.nextWakeup(now: now) { directives.append(.wakeUp(at: wakeup)) }
        return directives
    }

    /// Brings deployments, unlocked apps and offer interest in line with the state.
    mutating func converge(now: Timestamp, _ out: inout [AppsDirective]) {
        for id in self.deploymentOrder { self.advanceDeployment(id, now: now, &out) }
        for appID in self.apps.keys.sorted() where !self.isLocked(appID) { self.keepScaled(appID, now: now, &out) }
        self.updateOfferInterest(now: now, &out)
    }

    // MARK: - Lookups

    /// The definition an instance runs under: the app, or the app being stopped.
    func definition(_ appID: PathID) -> AppDefinition? { self.apps[appID] ?? self.terminatingApps[appID] }

    /// Instances of an app, by ID.
    func instanceList(of appID: PathID) -> [Instance] {
        (self.instancesByApp[appID] ?? []).sorted().compactMap { self.instances[$0] }
    }

    /// Instances of an app in no particular order: for counts and checks, where sorting
    /// (on every input, for every app) would only cost time.
    func unorderedInstances(of appID: PathID) -> [Instance] {
        (self.instancesByApp[appID] ?? []).compactMap { self.instances[$0] }
    }

    /// How many instances of the app match, without copying the app's instances into an
    /// array (`instances.counts(of:)` answers the common questions in O(1)).
    func countInstances(of appID: PathID, where matches: (Instance) -> Bool) -> Int {
        guard let ids = self.instancesByApp[appID] else { return 0 }
        return ids.count { id in self.instances[id].map(matches) ?? false }
    }

    /// A version later than every earlier one, at or after `now`.
    mutating func nextVersion(_ now: Timestamp) -> Timestamp {
        let version = max(now, Timestamp(milliseconds: self.lastVersion.milliseconds + 1))
        self.lastVersion = version
        return version
    }
}
