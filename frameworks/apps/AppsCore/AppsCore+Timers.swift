extension AppsCore {
    /// Time-driven work: unreachable timeouts, kill retries, launch timeouts, deadlines.
    /// (Backoff expiry and revive throttling are picked up by `converge`.)
    mutating func handleTick(now: Timestamp, _ out: inout [AppsDirective]) {
        for id in self.instances.keys.sorted() {
            guard let instance = self.instances[id], let task = instance.task else { continue }
            if task.unreachableSince != nil {
                self.checkUnreachable(id, now: now, &out)
            } else if let requested = task.killRequestedAt, now >= requested.adding(seconds: self.configuration.killRetrySeconds) {
                self.retryKill(id, now: now, &out)
            } else if task.killRequestedAt == nil, !task.isRunning, task.state != .killing,
                now >= task.launchedAt.adding(seconds: self.configuration.taskLaunchTimeoutSeconds)
            {
                self.killTask(of: id, now: now, &out)
            }
        }
        self.enforceDeadlines(now: now, &out)
    }

    private mutating func retryKill(_ id: String, now: Timestamp, _ out: inout [AppsDirective]) {
        guard var instance = self.instances[id], var task = instance.task else { return }
        task.killRequestedAt = nil
        instance.task = task
        self.instances[id] = instance
        self.killTask(of: id, now: now, &out)
    }

    /// The earliest instant something time-driven is due, if any.
    func nextWakeup(now: Timestamp) -> Timestamp? {
        var candidates: [Timestamp] = []
        for instance in self.instances.values {
            guard let task = instance.task else { continue }
            if let since = task.unreachableSince, let app = self.definition(instance.appID),
                case .enabled(let inactive, let expunge) = app.unreachableStrategy
            {
                candidates.append(since.adding(seconds: task.isInactive ? expunge : inactive))
            } else if let requested = task.killRequestedAt {
                candidates.append(requested.adding(seconds: self.configuration.killRetrySeconds))
            } else if !task.isRunning, task.state != .killing {
                candidates.append(task.launchedAt.adding(seconds: self.configuration.taskLaunchTimeoutSeconds))
            }
        }
        candidates += self.deployments.values.compactMap(\.deadline)
        for app in self.apps.values where self.unorderedInstances(of: app.id).contains(where: \.isQueued) {
            if let allowed = self.launchAllowedAt(app, now: now) { candidates.append(allowed) }
        }
        if self.offerInterest != .revived || self.newWork, let last = self.lastReviveAt {
            let next = last.adding(seconds: self.configuration.minReviveIntervalSeconds)
            if next > now { candidates.append(next) }
        }
        return candidates.map { max($0, now) }.min()
    }
}
