extension AppsCore {
    /// Sets up a rolling restart with Marathon's `computeRestartStrategy` over the instances
    /// that exist when the action starts.
    mutating func beginRestart(_ app: AppDefinition, progress: inout ActionProgress, now: Timestamp, _ out: inout [AppsDirective]) {
        let current = self.instanceList(of: app.id).filter(\.isActive)
        let old = current.filter { $0.configVersion != app.versionInfo.lastConfigChangeAt }
        let healthy = current.count { self.isHealthyForDeployment($0) }
        let strategy = RestartStrategy.compute(
            instances: app.instances, upgrade: app.upgradeStrategy, consideredHealthy: healthy, currentInstances: current.count)
        progress.maxCapacity = strategy.maxCapacity
        progress.killAllowance = strategy.killImmediately
        progress.oldInstances = Set(old.map(\.id))
        progress.startedInstances = Set(current.map(\.id)).subtracting(progress.oldInstances)
        // Already healthy new instances are part of `killImmediately`; they earn no further kill.
        progress.readySeen = progress.startedInstances.filter { self.isHealthyAndReady($0) }
        self.delays[BackoffKey(appID: app.id, configVersion: app.versionInfo.lastConfigChangeAt)] = nil
    }

    /// One pass of the rolling restart (reference §4.2): every new instance that becomes
    /// healthy and ready allows one more old instance to be killed; new instances are queued
    /// while old + new stay within `maxCapacity`. Done when `instances` new instances are
    /// healthy and ready and no old instance is left.
    mutating func advanceRestart(_ app: AppDefinition, progress: inout ActionProgress, now: Timestamp, _ out: inout [AppsDirective]) -> Bool {
        // Old instances still waiting for an offer are dropped at once: they hold no capacity
        // and must never launch with the new configuration while counted as old.
        for id in progress.oldInstances where self.instances[id]?.task == nil { self.decommission(id, now: now, &out) }
        progress.oldInstances = progress.oldInstances.filter { self.instances[$0] != nil }
        self.allowOverCapacityIfStuck(app, progress: &progress)
        var fresh = self.freshInstances(app)
        for instance in fresh where !progress.readySeen.contains(instance.id) && self.isHealthyAndReady(instance.id) {
            progress.readySeen.insert(instance.id)
            progress.killAllowance += 1
        }
        let oldAlive = progress.oldInstances.compactMap { self.instances[$0] }.filter { $0.goal == .running }
        // Beyond the allowance, old instances may go while enough others are healthy: the
        // strategy's own bound, re-evaluated as health changes (Marathon evaluates it only at
        // the start and can stay stuck when instances were still starting then).
        let minHealthy = Int((Double(app.instances) * app.upgradeStrategy.minimumHealthCapacity).rounded(.up))
        let healthy = oldAlive.count { $0.task?.killRequestedAt == nil && self.isHealthyForDeployment($0) }
            + fresh.count { self.isHealthyAndReady($0.id) }
        let budget = max(progress.killAllowance - progress.killsIssued, healthy - minHealthy)
        let killable = min(oldAlive.count, max(0, budget))
        for id in self.restartKillOrder(oldAlive, app: app).prefix(killable) {
            self.decommission(id, now: now, &out)
            progress.killsIssued += 1
        }
        if fresh.count > app.instances {
            for id in self.killOrder(fresh, app: app, count: fresh.count - app.instances) { self.decommission(id, now: now, &out) }
            fresh = self.freshInstances(app)
        }
        progress.oldInstances = progress.oldInstances.filter { self.instances[$0] != nil }
        let leftCapacity = max(0, progress.maxCapacity - progress.oldInstances.count - fresh.count)
        let toStart = min(max(0, app.instances - fresh.count), leftCapacity)
        progress.startedInstances.formUnion(self.schedule(app, count: toStart, now: now))
        progress.startedInstances = progress.startedInstances.filter { self.instances[$0]?.goal == .running }
        self.startReadinessChecksIfNeeded(progress.startedInstances, &out)
        let ready = self.freshInstances(app).count { self.isHealthyAndReady($0.id) }
        let killing = self.instances.counts(of: app.id).decommissioned > 0
        return ready >= app.instances && progress.oldInstances.isEmpty && !killing
    }

    /// Marathon grants one instance of over-capacity when minHealthy == maxCapacity, but only
    /// if that many instances are healthy when the restart starts; otherwise it never moves.
    /// Here the allowance is granted as soon as the condition holds.
    private func allowOverCapacityIfStuck(_ app: AppDefinition, progress: inout ActionProgress) {
        let minHealthy = Int((Double(app.instances) * app.upgradeStrategy.minimumHealthCapacity).rounded(.up))
        let base = Int((Double(app.instances) * (1 + app.upgradeStrategy.maximumOverCapacity)).rounded(.down))
        guard minHealthy == base, progress.maxCapacity == base else { return }
        let healthy = self.countInstances(of: app.id) { $0.isActive && self.isHealthyForDeployment($0) }
        if healthy >= base { progress.maxCapacity = base + 1 }
    }

    /// Active instances with the app's current configuration.
    func freshInstances(_ app: AppDefinition) -> [Instance] {
        self.instanceList(of: app.id).filter { $0.isActive && $0.configVersion == app.versionInfo.lastConfigChangeAt }
    }

    /// Old instances to replace: unhealthy ones first, then the app's kill order.
    func restartKillOrder(_ old: [Instance], app: AppDefinition) -> [String] {
        let ordered = self.killOrder(old, app: app, count: old.count)
        let unhealthy = ordered.filter { id in self.instances[id].map { !self.isHealthyForDeployment($0) } ?? false }
        return unhealthy + ordered.filter { !unhealthy.contains($0) }
    }
}
