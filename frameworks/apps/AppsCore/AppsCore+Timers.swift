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
        // A running minimum, not a list: this runs after every input, over every instance.
        var earliest: Timestamp?
        func consider(_ instant: Timestamp) { earliest = min(earliest ?? instant, instant) }
        for instance in self.instances.values {
            guard let task = instance.task else { continue }
            if let since = task.unreachableSince, let app = self.definition(instance.appID),
                case .enabled(let inactive, let expunge) = app.unreachableStrategy
            {
                consider(since.adding(seconds: task.isInactive ? expunge : inactive))
            } else if let requested = task.killRequestedAt {
                consider(requested.adding(seconds: self.configuration.killRetrySeconds))
            } else if !task.isRunning, task.state != .killing {
                consider(task.launchedAt.adding(seconds: self.configuration.taskLaunchTimeoutSeconds))
            }
        }
        for deadline in self.deployments.values.compactMap(\.deadline) { consider(deadline) }
        for app in self.apps.values where self.instances.counts(of: app.id).queued > 0 {
            if let allowed = self.launchAllowedAt(app, now: now) { consider(allowed) }
        }
        if self.offerInterest != .revived || self.newWork, let last = self.lastReviveAt {
            let next = last.adding(seconds: self.configuration.minReviveIntervalSeconds)
            if next > now { consider(next) }
        }
        // The earliest of the instants, each no earlier than now.
        return earliest.map { max($0, now) }
    }
}
