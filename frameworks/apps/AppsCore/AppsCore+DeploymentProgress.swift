extension AppsCore {
    /// Runs the current step's actions; moves to the next step when all are done, emitting
    /// `deployment_step_success`, `deployment_info` and finally `deployment_success`.
    mutating func advanceDeployment(_ id: String, now: Timestamp, _ out: inout [AppsDirective]) {
        while var deployment = self.deployments[id] {
            let step = deployment.currentStep
            var allDone = true
            for action in deployment.currentActions {
                var progress = deployment.progress[action.appID] ?? ActionProgress()
                let started = deployment.progress[action.appID] != nil
                let done = self.advance(action, of: deployment, progress: &progress, started: started, now: now, &out)
                deployment.progress[action.appID] = progress
                allDone = allDone && done
            }
            if !allDone {
                if deployment != self.deployments[id] {
                    self.deployments[id] = deployment
                    self.saveDeployment(id)
                }
                return
            }
            out.append(.emit(.deploymentStepSuccess(deployment, step: step), at: now))
            deployment.currentStep += 1
            deployment.progress = [:]
            if deployment.currentStep >= deployment.steps.count {
                self.finishDeployment(deployment, now: now, &out)
                return
            }
            self.deployments[id] = deployment
            self.saveDeployment(id)
            out.append(.emit(.deploymentInfo(deployment, step: deployment.currentStep), at: now))
        }
    }

    private mutating func finishDeployment(_ deployment: Deployment, now: Timestamp, _ out: inout [AppsDirective]) {
        self.deployments[deployment.id] = nil
        self.deploymentOrder.removeAll { $0 == deployment.id }
        self.saveDeployment(deployment.id)
        self.stopReadinessChecks(for: deployment, &out)
        out.append(.emit(.deploymentSuccess(deployment), at: now))
    }

    /// One level-triggered pass over an action; true when it is done.
    private mutating func advance(
        _ action: DeploymentAction, of deployment: Deployment, progress: inout ActionProgress, started: Bool, now: Timestamp,
        _ out: inout [AppsDirective]
    ) -> Bool {
        switch action.kind {
        case .start:
            return true
        case .stop:
            return self.advanceStop(action.appID, now: now, &out)
        case .scale:
            guard let app = self.apps[action.appID] else { return true }
            return self.advanceScale(app, toKill: action.toKill, progress: &progress, now: now, &out)
        case .restart:
            guard let app = self.apps[action.appID] else { return true }
            if app.instances == 0 { return self.advanceScale(app, toKill: [], progress: &progress, now: now, &out) }
            if !started { self.beginRestart(app, progress: &progress, now: now, &out) }
            return self.advanceRestart(app, progress: &progress, now: now, &out)
        }
    }

    /// Stop: every instance is decommissioned; done (and `app_terminated_event`) when none is left.
    private mutating func advanceStop(_ appID: PathID, now: Timestamp, _ out: inout [AppsDirective]) -> Bool {
        for instance in self.instanceList(of: appID) where instance.goal == .running {
            self.decommission(instance.id, now: now, &out)
        }
        guard self.instancesByApp[appID] == nil else { return false }
        if self.terminatingApps.removeValue(forKey: appID) != nil {
            self.offerStats[appID] = nil
            self.lastTaskFailures[appID] = nil
            self.delays = self.delays.filter { $0.key.appID != appID }
            out.append(.emit(.appTerminated(appID: appID), at: now))
        }
        return true
    }

    /// Scale: kill the named instances and any extras, queue what is missing; done when the
    /// count is right, kills are through, and instances this action started are healthy and ready.
    private mutating func advanceScale(
        _ app: AppDefinition, toKill: [String], progress: inout ActionProgress, now: Timestamp, _ out: inout [AppsDirective]
    ) -> Bool {
        for id in toKill where self.instances[id]?.goal == .running { self.decommission(id, now: now, &out) }
        self.matchCount(app, now: now, &out) { progress.startedInstances.formUnion($0) }
        // Runs on every input while the deployment lasts: rebuild the set only when one left.
        if progress.startedInstances.contains(where: { self.instances[$0]?.goal != .running }) {
            progress.startedInstances = progress.startedInstances.filter { self.instances[$0]?.goal == .running }
        }
        if !app.readinessChecks.isEmpty { self.startReadinessChecksIfNeeded(progress.startedInstances, &out) }
        let active = self.instances.counts(of: app.id).active
        let killing = self.instances.counts(of: app.id).decommissioned > 0
        return active == app.instances && !killing && progress.startedInstances.allSatisfy { self.isHealthyAndReady($0) }
    }

    /// Queues or kills instances so the active count equals `app.instances`.
    mutating func matchCount(_ app: AppDefinition, now: Timestamp, _ out: inout [AppsDirective], started: ([String]) -> Void = { _ in }) {
        let activeCount = self.instances.counts(of: app.id).active
        if activeCount < app.instances {
            started(self.schedule(app, count: app.instances - activeCount, now: now))
        } else if activeCount > app.instances {
            let active = self.unorderedInstances(of: app.id).filter(\.isActive)
            for id in self.killOrder(active, app: app, count: active.count - app.instances) {
                self.decommission(id, now: now, &out)
            }
        }
    }

    /// Without a deployment, an app keeps exactly `instances` active instances.
    mutating func keepScaled(_ appID: PathID, now: Timestamp, _ out: inout [AppsDirective]) {
        guard let app = self.apps[appID] else { return }
        self.matchCount(app, now: now, &out)
    }
}
