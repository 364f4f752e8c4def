import OfferMatching

extension AppsCore {
    /// The task of a launched instance as the API shows it.
    public func taskView(_ instance: Instance) -> TaskView? {
        guard let task = instance.task, let app = self.definition(instance.appID) else { return nil }
        let results = (self.health[instance.id] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        return TaskView(
            id: task.id, instanceID: instance.id, appID: instance.appID, host: task.placement.hostname, agentID: task.placement.agentID,
            state: task.state ?? .staging, stagedAt: task.stagedAt, startedAt: task.startedAt, version: instance.appVersion,
            ports: task.hostPorts, servicePorts: app.portDefinitions.map(\.port), healthCheckResults: results)
    }

    /// Launched tasks of an app (or of every app under a group path), by task ID.
    public func tasks(of appID: PathID) -> [TaskView] {
        self.instancesByApp.keys.filter { $0.isWithin(appID) }.flatMap { self.unorderedInstances(of: $0) }
            .compactMap { self.taskView($0) }.sorted { $0.id < $1.id }
    }

    /// Every launched task.
    public var allTasks: [TaskView] {
        self.instances.values.compactMap { self.taskView($0) }.sorted { $0.id < $1.id }
    }

    /// Staged (launched, not yet running), running, healthy and unhealthy task counts.
    public func counts(of appID: PathID) -> TaskCounts {
        var counts = TaskCounts()
        for instance in self.unorderedInstances(of: appID) {
            guard let task = instance.task else { continue }
            if task.isRunning { counts.running += 1 } else if task.state == nil || task.state == .staging || task.state == .starting { counts.staged += 1 }
            switch self.healthVerdict(instance) {
            case true?: counts.healthy += 1
            case false?: counts.unhealthy += 1
            case nil: break
            }
        }
        return counts
    }

    /// Running deployments, oldest first.
    public var deploymentList: [Deployment] { self.deploymentOrder.compactMap { self.deployments[$0] } }

    /// IDs of deployments acting on an app (`deployments: [{"id"}]` in AppInfo).
    public func deploymentIDs(of appID: PathID) -> [String] {
        self.deploymentOrder.filter { self.deployments[$0]!.affectedApps.contains(appID) }
    }

    /// Readiness results of an app's instances (`readinessCheckResults`).
    public func readinessResults(of appID: PathID) -> [ReadinessResult] {
        self.instanceList(of: appID).flatMap { instance in (self.readiness[instance.id] ?? [:]).values.sorted { $0.name < $1.name } }
    }

    /// The launch queue (`/v2/queue`): apps with instances waiting for offers.
    public func queue(now: Timestamp) -> [QueueEntry] {
        self.apps.keys.sorted().compactMap { id in
            let queued = self.instanceList(of: id).filter(\.isQueued)
            guard let app = self.apps[id], let since = queued.map(\.queuedAt).min() else { return nil }
            let allowed = self.launchAllowedAt(app, now: now)
            return QueueEntry(
                app: app, count: queued.count, since: since, delaySecondsLeft: allowed.map { $0.seconds(since: now) } ?? 0,
                overdue: allowed == nil, stats: self.offerStats[id] ?? OfferStats())
        }
    }

    /// The app as it was at `version`, if stored.
    public func appVersion(_ appID: PathID, _ version: Timestamp) -> AppDefinition? {
        self.versions[appID]?.first { $0.version == version }
    }
}

/// One `/v2/queue` entry.
public struct QueueEntry: Hashable, Sendable {
    public var app: AppDefinition
    public var count: Int
    public var since: Timestamp
    /// Backoff left; 0 when the app only waits for offers.
    public var delaySecondsLeft: Double
    /// Waiting on offers, not on backoff.
    public var overdue: Bool
    public var stats: OfferStats
}
