extension AppsCore {
    /// Rebuilds the core from stored records after a restart or failover. Nothing is acted on
    /// until the framework is subscribed: `.subscribed` then reconciles every known task.
    /// Launched tasks the master reports RUNNING are kept; tasks it reports gone are replaced;
    /// tasks it reports that no instance owns are killed.
    public static func recover(
        from state: PersistedState, configuration: AppsConfiguration = AppsConfiguration(), seed: UInt64, now: Timestamp
    ) -> (AppsCore, [AppsDirective]) {
        var core = AppsCore(configuration: configuration, seed: seed)
        var versionsByApp: [PathID: [AppDefinition]] = [:]
        for record in state.records {
            switch record {
            case .app(let app): core.apps[app.current.id] = app.current
            case .appVersion(let version): versionsByApp[version.id, default: []].append(version)
            case .instance(let instance):
                core.instances[instance.id] = instance
                core.instancesByApp[instance.appID, default: []].insert(instance.id)
                if let task = instance.task { core.instanceByTask[task.id] = instance.id }
            case .deployment(let deployment): core.deployments[deployment.id] = deployment
            }
        }
        core.versions = versionsByApp.mapValues { $0.sorted { $0.version > $1.version } }
        core.deploymentOrder = core.deployments.values.sorted { ($0.version, $0.id) < ($1.version, $1.id) }.map(\.id)
        core.lastVersion = ([core.lastVersion] + core.apps.values.map(\.version) + core.deployments.values.map(\.version)).max()!
        for deployment in core.deployments.values {
            for (id, app) in deployment.original where deployment.target[id] == nil && core.apps[id] == nil {
                core.terminatingApps[id] = app
            }
        }
        var out: [AppsDirective] = []
        for id in core.instances.keys.sorted() where core.definition(core.instances[id]!.appID) == nil {
            core.decommission(id, now: now, &out)
        }
        return (core, core.finish(now: now, out))
    }

    /// Launched tasks whose state the master should confirm.
    public var tasksToReconcile: [ReconcileTask] {
        self.instances.values.compactMap { instance in
            instance.task.map { ReconcileTask(taskID: $0.id, agentID: $0.placement.agentID) }
        }.sorted { $0.taskID < $1.taskID }
    }

    /// After (re)subscribing: explicit then implicit reconciliation, health checks for running
    /// tasks, and a fresh revive/suppress decision.
    mutating func handleSubscribed(now: Timestamp, _ out: inout [AppsDirective]) {
        out.append(.reconcile(self.tasksToReconcile))
        out.append(.reconcile([]))
        for id in self.instances.keys.sorted() {
            guard let instance = self.instances[id], instance.task?.isRunning == true, let target = self.healthCheckTarget(instance) else { continue }
            out.append(.startHealthChecks(target))
        }
        self.readinessPolled = []
        self.offerInterest = .unknown
        self.lastReviveAt = nil
        self.newWork = true
    }
}
