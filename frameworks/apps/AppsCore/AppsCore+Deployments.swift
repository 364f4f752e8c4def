extension AppsCore {
    /// Applies changed definitions (nil = delete) and starts the deployment that converges the
    /// instances. Refuses with the blocking deployment IDs when an affected app is locked,
    /// unless `force`, which cancels those deployments.
    mutating func startDeployment(
        changes: [PathID: AppDefinition?], restarts: Set<PathID> = [], toKill: [PathID: [String]] = [:], force: Bool,
        rollback: Bool = false, now: Timestamp, _ out: inout [AppsDirective]
    ) -> Result<DeploymentRef, AppsAPIError> {
        let affected = Set(changes.keys)
        let blocking = self.deploymentOrder.filter { !affected.isDisjoint(with: self.deployments[$0]!.affectedApps) }
        if !blocking.isEmpty && !force { return .failure(.locked(deploymentIDs: blocking)) }
        if !rollback && self.deployments.count - blocking.count >= self.configuration.maxRunningDeployments {
            return .failure(.forbidden("Max number of running deployments is exceeded (\(self.configuration.maxRunningDeployments))"))
        }
        for id in blocking { self.cancelDeployment(id, reason: "canceled by a forced change", now: now, &out) }
        let version = self.nextVersion(now)
        var original: [PathID: AppDefinition] = [:]
        var target: [PathID: AppDefinition] = [:]
        for (id, change) in changes {
            if let current = self.apps[id] { original[id] = current }
            guard let change else { continue }
            target[id] = self.versioned(change, current: self.apps[id], restart: restarts.contains(id), version: version)
        }
        var deployment = Deployment(
            id: self.ids.uuid(), version: version, original: original, target: target,
            steps: DeploymentPlanner.steps(original: original, target: target, toKill: toKill), startedAt: now)
        let deadlines = target.values.compactMap(\.deadlineSeconds)
        if let seconds = deadlines.min() { deployment.deadline = now.adding(seconds: seconds) }
        deployment.rollbackOnDeadline = target.values.contains { $0.rollbackOnDeadline == true }
        self.applyTargets(deployment)
        self.deployments[deployment.id] = deployment
        self.deploymentOrder.append(deployment.id)
        self.saveDeployment(deployment.id)
        out.append(.emit(.groupChangeSuccess(version: version), at: now))
        out.append(.emit(.deploymentInfo(deployment, step: 0), at: now))
        return .success(DeploymentRef(id: deployment.id, version: version))
    }

    /// Stamps a changed definition with versions: a config change (or restart) moves
    /// `lastConfigChangeAt`, any change moves `lastScalingAt`; service ports are assigned.
    mutating func versioned(_ change: AppDefinition, current: AppDefinition?, restart: Bool, version: Timestamp) -> AppDefinition {
        var app = change
        app.version = version
        guard let current else {
            app.versionInfo = VersionInfo(lastScalingAt: version, lastConfigChangeAt: version)
            return self.assigningServicePorts(app, keeping: nil)
        }
        app = self.assigningServicePorts(app, keeping: current)
        let configChanged = current.configuration != app.configuration || restart
        app.versionInfo = VersionInfo(
            lastScalingAt: version, lastConfigChangeAt: configChanged ? version : current.versionInfo.lastConfigChangeAt)
        return app
    }

    /// Makes the deployment's targets current (Marathon stores the target group at once).
    private mutating func applyTargets(_ deployment: Deployment) {
        for app in deployment.target.values { self.storeApp(app) }
        for (id, app) in deployment.original where deployment.target[id] == nil {
            self.forgetApp(id)
            self.terminatingApps[id] = app
        }
    }

    /// Ends a deployment without finishing it (`deployment_failed`); definitions stay as they are.
    mutating func cancelDeployment(_ id: String, reason: String, now: Timestamp, _ out: inout [AppsDirective]) {
        guard let deployment = self.deployments.removeValue(forKey: id) else { return }
        self.deploymentOrder.removeAll { $0 == id }
        self.saveDeployment(id)
        self.stopReadinessChecks(for: deployment, &out)
        out.append(.emit(.deploymentFailed(deployment, reason: reason), at: now))
    }

    /// `DELETE /v2/deployments/{id}`: with force just stop it (202); without, roll back to the
    /// original definitions in a new (forced) deployment.
    mutating func deleteDeployment(_ id: String, force: Bool, now: Timestamp, _ out: inout [AppsDirective]) -> Result<AppsCommandResult, AppsAPIError> {
        guard let deployment = self.deployments[id] else { return .failure(.notFound("DeploymentPlan \(id) does not exist")) }
        if force {
            self.cancelDeployment(id, reason: "canceled by request", now: now, &out)
            return .success(.accepted)
        }
        return self.rollBack(deployment, now: now, &out).map { .deployment($0) }
    }

    /// A new deployment back to `deployment.original` for every app it touched.
    mutating func rollBack(_ deployment: Deployment, now: Timestamp, _ out: inout [AppsDirective]) -> Result<DeploymentRef, AppsAPIError> {
        var changes: [PathID: AppDefinition?] = [:]
        for id in Set(deployment.original.keys).union(deployment.target.keys) {
            if var original = deployment.original[id] {
                original.versionInfo = self.apps[id]?.versionInfo ?? original.versionInfo
                changes[id] = original
            } else {
                changes[id] = .some(nil)
            }
        }
        return self.startDeployment(changes: changes, force: true, rollback: true, now: now, &out)
    }

    /// Fails deployments whose deadline passed, rolling back those that ask for it.
    mutating func enforceDeadlines(now: Timestamp, _ out: inout [AppsDirective]) {
        for id in self.deploymentOrder {
            guard let deployment = self.deployments[id], let deadline = deployment.deadline, deadline <= now else { continue }
            let seconds = deadline.seconds(since: deployment.startedAt)
            self.cancelDeployment(id, reason: "deadline of \(JSONValue.format(seconds)) seconds exceeded", now: now, &out)
            if deployment.rollbackOnDeadline { _ = self.rollBack(deployment, now: now, &out) }
        }
    }

    /// Whether an app is acted on by a running deployment.
    func isLocked(_ appID: PathID) -> Bool {
        self.deployments.values.contains { $0.affectedApps.contains(appID) }
    }

    /// Replaces service port 0s with free ports from the configured range, keeping the ports
    /// `current` had at the same positions.
    func assigningServicePorts(_ app: AppDefinition, keeping current: AppDefinition?) -> AppDefinition {
        var app = app
        var used = Set(self.apps.values.filter { $0.id != app.id }.flatMap { $0.portDefinitions.map(\.port) })
        used.formUnion(app.portDefinitions.map(\.port))
        for index in app.portDefinitions.indices where app.portDefinitions[index].port == 0 {
            if let kept = current?.portDefinitions[safe: index]?.port, kept != 0, !used.contains(kept) {
                app.portDefinitions[index].port = kept
            } else if let free = self.configuration.servicePorts.first(where: { !used.contains($0) }) {
                app.portDefinitions[index].port = free
            }
            used.insert(app.portDefinitions[index].port)
        }
        return app
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { self.indices.contains(index) ? self[index] : nil }
}
