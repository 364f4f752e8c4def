extension AppsCore {
    /// The instance's health verdict: true when every check passes, false when one fails,
    /// nil when unknown, not running, or the app has no health checks.
    public func healthVerdict(_ instance: Instance) -> Bool? {
        guard let task = instance.task, task.isRunning, let app = self.definition(instance.appID) else { return nil }
        if app.agentHealthCheck != nil { return task.agentHealthy }
        let checks = app.healthChecks.indices.filter { !app.healthChecks[$0].protocol.runsOnAgent }
        guard !checks.isEmpty else { return nil }
        let results = self.health[instance.id] ?? [:]
        if checks.contains(where: { results[$0]?.alive == false }) { return false }
        return checks.allSatisfy { results[$0]?.alive == true } ? true : nil
    }

    /// Running, and healthy if the app has health checks. An agent-run check (MESOS_*,
    /// COMMAND) that agents do not run (`agentsRunHealthChecks` off) and that no status
    /// has reported on does not hold a deployment up: nothing would ever report on it.
    func isHealthyForDeployment(_ instance: Instance) -> Bool {
        guard let task = instance.task, task.isRunning, let app = self.definition(instance.appID) else { return false }
        if app.healthChecks.isEmpty { return true }
        if let verdict = self.healthVerdict(instance) { return verdict }
        return app.agentHealthCheck != nil && task.agentHealthy == nil && !self.configuration.agentsRunHealthChecks
    }

    /// Running, healthy (with checks) and ready (with readiness checks).
    func isHealthyAndReady(_ id: String) -> Bool {
        guard let instance = self.instances[id], self.isHealthyForDeployment(instance), let app = self.definition(instance.appID) else {
            return false
        }
        return app.readinessChecks.allSatisfy { self.readiness[id]?[$0.name]?.ready == true }
    }

    /// A framework-run health check result. Failures before the first success are ignored
    /// during the grace period; `maxConsecutiveFailures` failures in a row kill the task
    /// (it is then replaced as any failed task, subject to backoff).
    mutating func handleHealthResult(taskID: String, index: Int, alive: Bool, cause: String?, now: Timestamp, _ out: inout [AppsDirective]) {
        guard let id = self.instanceByTask[taskID], let instance = self.instances[id], let task = instance.task,
            let app = self.definition(instance.appID), let check = app.healthChecks[safe: index], !check.protocol.runsOnAgent
        else { return }
        let before = self.healthVerdict(instance)
        var result = self.health[id]?[index] ?? HealthResult()
        let previousAlive = self.health[id]?[index]?.alive
        if alive {
            result.alive = true
            result.consecutiveFailures = 0
            result.firstSuccess = result.firstSuccess ?? now
            result.lastSuccess = now
        } else {
            let graceEnds = (task.startedAt ?? task.launchedAt).adding(seconds: check.gracePeriodSeconds)
            if result.firstSuccess == nil && now < graceEnds { return }
            result.alive = false
            result.consecutiveFailures += 1
            result.lastFailure = now
            result.lastFailureCause = cause
            out.append(.emit(.failedHealthCheck(appID: app.id, instanceID: id, healthCheck: check), at: now))
        }
        self.health[id, default: [:]][index] = result
        if previousAlive != alive {
            self.announceHealth(instance, task: task, alive: alive, before: before, now: now, &out)
        }
        if !alive, check.maxConsecutiveFailures > 0, result.consecutiveFailures >= check.maxConsecutiveFailures, task.killRequestedAt == nil {
            out.append(.emit(.unhealthyInstanceKill(
                appID: app.id, taskID: taskID, instanceID: id, version: instance.appVersion,
                reason: "\(result.consecutiveFailures) consecutive health check failures", host: task.placement.hostname,
                agentID: task.placement.agentID), at: now))
            self.killTask(of: id, now: now, &out)
        }
    }

    private func announceHealth(_ instance: Instance, task: LaunchedTask, alive: Bool, before: Bool?, now: Timestamp, _ out: inout [AppsDirective]) {
        out.append(.emit(.healthStatusChanged(appID: instance.appID, instanceID: instance.id, taskID: task.id, version: instance.appVersion, alive: alive), at: now))
        let after = self.healthVerdict(instance)
        if after != before {
            out.append(.emit(.instanceHealthChanged(instanceID: instance.id, appID: instance.appID, version: instance.appVersion, healthy: after), at: now))
        }
    }

    /// Agent-run checks report through status updates' `healthy` field.
    mutating func applyAgentHealth(_ healthy: Bool?, to id: String, now: Timestamp, _ out: inout [AppsDirective]) {
        guard let healthy, var instance = self.instances[id], var task = instance.task, task.agentHealthy != healthy else { return }
        let before = self.healthVerdict(instance)
        task.agentHealthy = healthy
        instance.task = task
        self.instances[id] = instance
        self.announceHealth(instance, task: task, alive: healthy, before: before, now: now, &out)
    }

    /// A readiness result; once ready, polling stops.
    mutating func handleReadiness(_ result: ReadinessResult, now: Timestamp, _ out: inout [AppsDirective]) {
        guard let id = self.instanceByTask[result.taskID], let instance = self.instances[id],
            let app = self.definition(instance.appID), app.readinessChecks.contains(where: { $0.name == result.name })
        else { return }
        self.readiness[id, default: [:]][result.name] = result
        if app.readinessChecks.allSatisfy({ self.readiness[id]?[$0.name]?.ready == true }), self.readinessPolled.remove(result.taskID) != nil {
            out.append(.stopReadinessChecks(taskID: result.taskID))
        }
    }

    /// Starts readiness polling for running, not yet ready instances started by a deployment.
    mutating func startReadinessChecksIfNeeded(_ ids: Set<String>, _ out: inout [AppsDirective]) {
        // Most apps have no readiness checks: skip sorting their (possibly many) instances.
        let candidates = ids.filter { id in self.instances[id].flatMap { self.definition($0.appID) }?.readinessChecks.isEmpty == false }
        for id in candidates.sorted() {
            guard let instance = self.instances[id], let task = instance.task, task.isRunning,
                !self.readinessPolled.contains(task.id), let app = self.definition(instance.appID), !app.readinessChecks.isEmpty,
                !app.readinessChecks.allSatisfy({ self.readiness[id]?[$0.name]?.ready == true })
            else { continue }
            let checks = app.readinessChecks.map { check in
                (check: check, port: app.portDefinitions.firstIndex { $0.name == check.portName }.flatMap { task.hostPorts[safe: $0] } ?? 0)
            }
            self.readinessPolled.insert(task.id)
            out.append(.startReadinessChecks(ReadinessTarget(taskID: task.id, instanceID: id, appID: app.id, host: task.placement.hostname, checks: checks)))
        }
    }

    /// Stops readiness polling of a finished or canceled deployment's instances.
    mutating func stopReadinessChecks(for deployment: Deployment, _ out: inout [AppsDirective]) {
        let apps = Set(deployment.affectedApps)
        for taskID in self.readinessPolled.sorted() {
            guard let id = self.instanceByTask[taskID], let instance = self.instances[id], apps.contains(instance.appID) else { continue }
            self.readinessPolled.remove(taskID)
            out.append(.stopReadinessChecks(taskID: taskID))
        }
    }

    /// The framework-run checks of a running task, for `.startHealthChecks`.
    func healthCheckTarget(_ instance: Instance) -> HealthCheckTarget? {
        guard let task = instance.task, let app = self.definition(instance.appID), !app.frameworkHealthChecks.isEmpty else { return nil }
        let checks = app.healthChecks.indices.filter { !app.healthChecks[$0].protocol.runsOnAgent }.map { index in
            let check = app.healthChecks[index]
            return IndexedHealthCheck(index: index, check: check, port: check.port ?? task.hostPorts[safe: check.portIndex ?? 0] ?? 0)
        }
        return HealthCheckTarget(taskID: task.id, instanceID: instance.id, appID: app.id, host: task.placement.hostname, checks: checks)
    }
}
