extension AppsCore {
    /// A task status from Mesos. Unknown non-terminal tasks are killed (they belong to no
    /// instance, e.g. after a restart lost track of them or an expunged one came back).
    mutating func handleStatus(_ update: TaskStatusUpdate, now: Timestamp, _ out: inout [AppsDirective]) {
        guard let id = self.instanceByTask[update.taskID], var instance = self.instances[id], var task = instance.task else {
            if !update.state.isTerminal { out.append(.kill(taskID: update.taskID, agentID: update.agentID, gracePeriodSeconds: nil)) }
            return
        }
        let previous = task.state
        task.state = update.state
        if update.state == .running && task.startedAt == nil { task.startedAt = now }
        if update.state == .unreachable {
            task.unreachableSince = task.unreachableSince ?? now
        } else if !update.state.isTerminal {
            task.unreachableSince = nil
            task.isInactive = false
        }
        instance.task = task
        self.instances[id] = instance
        self.saveInstance(id)
        self.announceStatus(instance, task: task, update: update, now: now, &out)
        if update.state.isTerminal {
            self.taskEnded(instance, task: task, update: update, now: now, &out)
            return
        }
        if [.staging, .starting, .running].contains(update.state) { self.advanceDelay(instance, now: now) }
        self.applyAgentHealth(update.healthy, to: id, now: now, &out)
        if update.state == .running && previous != .running, let target = self.healthCheckTarget(instance) {
            out.append(.startHealthChecks(target))
        }
        if update.state == .unreachable { self.checkUnreachable(id, now: now, &out) }
    }

    private func announceStatus(_ instance: Instance, task: LaunchedTask, update: TaskStatusUpdate, now: Timestamp, _ out: inout [AppsDirective]) {
        let event = StatusUpdateEvent(
            agentID: task.placement.agentID, taskID: task.id, state: update.state, message: update.message ?? "",
            appID: instance.appID, host: task.placement.hostname, ports: task.hostPorts, version: instance.appVersion)
        out.append(.emit(.statusUpdate(event), at: now))
        out.append(.emit(.instanceChanged(
            instanceID: instance.id, condition: task.conditionName, appID: instance.appID, agentID: task.placement.agentID,
            host: task.placement.hostname, version: instance.appVersion), at: now))
    }

    /// A task is over: record the failure, grow the backoff, and either forget the instance
    /// (decommissioned, or an old instance during a restart) or queue its next incarnation.
    private mutating func taskEnded(_ instance: Instance, task: LaunchedTask, update: TaskStatusUpdate, now: Timestamp, _ out: inout [AppsDirective]) {
        var instance = instance
        self.instanceByTask[task.id] = nil
        self.health[instance.id] = nil
        self.readiness[instance.id] = nil
        if let app = self.definition(instance.appID), !app.frameworkHealthChecks.isEmpty, task.state != nil {
            out.append(.stopHealthChecks(taskID: task.id))
        }
        if self.readinessPolled.remove(task.id) != nil { out.append(.stopReadinessChecks(taskID: task.id)) }
        if update.state.countsAsFailure {
            self.lastTaskFailures[instance.appID] = TaskFailure(
                appID: instance.appID, host: task.placement.hostname, message: update.message ?? "", state: update.state,
                taskID: task.id, timestamp: now, version: instance.appVersion, agentID: task.placement.agentID)
            if instance.goal == .running { self.growDelay(instance, now: now) }
        }
        guard instance.goal == .running, let app = self.apps[instance.appID], !self.isOldDuringRestart(instance, app) else {
            self.remove(instance: instance.id)
            return
        }
        instance.task = nil
        instance.incarnation += 1
        instance.queuedAt = now
        instance.appVersion = app.version
        instance.configVersion = app.versionInfo.lastConfigChangeAt
        self.instances[instance.id] = instance
        self.saveInstance(instance.id)
        self.newWork = true
    }

    /// Old instances that fail during a rolling restart are not relaunched (Marathon
    /// decommissions them; the restart launches new ones instead).
    private func isOldDuringRestart(_ instance: Instance, _ app: AppDefinition) -> Bool {
        guard instance.configVersion != app.versionInfo.lastConfigChangeAt else { return false }
        return self.deployments.values.contains { deployment in
            deployment.currentActions.contains { $0.appID == app.id && $0.kind == .restart }
        }
    }

    /// Unreachable past `inactiveAfterSeconds`: write off (a replacement starts); past
    /// `expungeAfterSeconds`: forget (it is killed if it comes back).
    mutating func checkUnreachable(_ id: String, now: Timestamp, _ out: inout [AppsDirective]) {
        guard var instance = self.instances[id], var task = instance.task, let since = task.unreachableSince,
            let app = self.definition(instance.appID), case .enabled(let inactive, let expunge) = app.unreachableStrategy
        else { return }
        if now >= since.adding(seconds: expunge) {
            out.append(.emit(.unknownInstanceTerminated(instanceID: id, appID: instance.appID, condition: "UnreachableInactive"), at: now))
            self.remove(instance: id)
            return
        }
        if now >= since.adding(seconds: inactive) && !task.isInactive {
            task.isInactive = true
            instance.task = task
            self.instances[id] = instance
            self.saveInstance(id)
        }
    }

    // MARK: - Backoff (Marathon's RateLimiter, reference §4.3)

    func delayKey(_ instance: Instance) -> BackoffKey { BackoffKey(appID: instance.appID, configVersion: instance.configVersion) }

    /// A failure: first `backoffSeconds`, then times `backoffFactor`, capped at `maxLaunchDelaySeconds`.
    mutating func growDelay(_ instance: Instance, now: Timestamp) {
        guard let app = self.apps[instance.appID] else { return }
        let key = self.delayKey(instance)
        let seconds = self.currentDelay(key, now: now).map { $0.seconds * app.backoffFactor } ?? app.backoffSeconds
        self.delays[key] = LaunchDelay(seconds: min(seconds, app.maxLaunchDelaySeconds), reference: now)
    }

    /// Staging/starting/running moves the reference time forward.
    mutating func advanceDelay(_ instance: Instance, now: Timestamp) {
        let key = self.delayKey(instance)
        guard var delay = self.currentDelay(key, now: now) else { return }
        delay.reference = now
        self.delays[key] = delay
    }

    /// The delay of `key`, unless it expired (`now > reference + maxLaunchDelaySeconds`).
    func currentDelay(_ key: BackoffKey, now: Timestamp) -> LaunchDelay? {
        guard let delay = self.delays[key], let app = self.apps[key.appID] else { return nil }
        return now > delay.reference.adding(seconds: app.maxLaunchDelaySeconds) ? nil : delay
    }

    /// When the app's queued instances may launch (nil: now).
    func launchAllowedAt(_ app: AppDefinition, now: Timestamp) -> Timestamp? {
        let key = BackoffKey(appID: app.id, configVersion: app.versionInfo.lastConfigChangeAt)
        guard let delay = self.currentDelay(key, now: now), delay.until > now else { return nil }
        return delay.until
    }
}
