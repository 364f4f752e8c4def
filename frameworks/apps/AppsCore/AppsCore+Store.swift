extension AppsCore {
    /// Records a store change; the last change per key wins within one input.
    mutating func record(_ change: StoreChange, key: String) {
        if self.pendingChanges[key] == nil { self.pendingOrder.append(key) }
        self.pendingChanges[key] = change
    }

    /// Stores the instance as it is now, or deletes it if it is gone.
    mutating func saveInstance(_ id: String) {
        if let instance = self.instances[id] {
            self.record(.put(.instance(instance)), key: StoreKeys.instance(id))
        } else {
            self.record(.delete(key: StoreKeys.instance(id)), key: StoreKeys.instance(id))
        }
    }

    mutating func saveDeployment(_ id: String) {
        if let deployment = self.deployments[id] {
            self.record(.put(.deployment(deployment)), key: StoreKeys.deployment(id))
        } else {
            self.record(.delete(key: StoreKeys.deployment(id)), key: StoreKeys.deployment(id))
        }
    }

    /// Makes `app` the current definition: stores the version and the app root, dropping
    /// versions beyond `maxVersions`.
    mutating func storeApp(_ app: AppDefinition) {
        self.apps[app.id] = app
        self.terminatingApps[app.id] = nil
        var list = self.versions[app.id] ?? []
        list.removeAll { $0.version == app.version }
        list.insert(app, at: 0)
        while list.count > self.configuration.maxVersions {
            let dropped = list.removeLast()
            self.record(.delete(key: StoreKeys.appVersion(app.id, dropped.version)), key: StoreKeys.appVersion(app.id, dropped.version))
        }
        self.versions[app.id] = list
        self.record(.put(.appVersion(app)), key: StoreKeys.appVersion(app.id, app.version))
        self.record(.put(.app(AppRecord(current: app, versions: list.map(\.version)))), key: StoreKeys.app(app.id))
    }

    /// Removes an app and all its stored versions (its instances are stopped separately).
    mutating func forgetApp(_ id: PathID) {
        for version in self.versions[id] ?? [] {
            self.record(.delete(key: StoreKeys.appVersion(id, version.version)), key: StoreKeys.appVersion(id, version.version))
        }
        self.record(.delete(key: StoreKeys.app(id)), key: StoreKeys.app(id))
        self.apps[id] = nil
        self.versions[id] = nil
    }

    // MARK: - Instances

    mutating func insert(_ instance: Instance) {
        self.instances[instance.id] = instance
        self.instancesByApp[instance.appID, default: []].insert(instance.id)
        if let task = instance.task { self.instanceByTask[task.id] = instance.id }
        self.saveInstance(instance.id)
    }

    /// Forgets an instance and everything kept about it.
    mutating func remove(instance id: String) {
        guard let instance = self.instances.removeValue(forKey: id) else { return }
        self.instancesByApp[instance.appID]?.remove(id)
        if self.instancesByApp[instance.appID]?.isEmpty == true { self.instancesByApp[instance.appID] = nil }
        if let task = instance.task { self.instanceByTask[task.id] = nil }
        self.health[id] = nil
        self.readiness[id] = nil
        self.saveInstance(id)
    }

    /// Queues `count` new instances of the app's current version; returns their IDs.
    @discardableResult
    mutating func schedule(_ app: AppDefinition, count: Int, now: Timestamp) -> [String] {
        guard count > 0 else { return [] }
        var created: [String] = []
        for _ in 0..<count {
            let id = "\(app.id.safePath).instance-\(self.ids.uuid())"
            self.insert(Instance(id: id, appID: app.id, appVersion: app.version, configVersion: app.versionInfo.lastConfigChangeAt, queuedAt: now))
            created.append(id)
        }
        self.newWork = true
        return created
    }

    /// Stops an instance for good: a queued one disappears, a launched one is killed and
    /// disappears when its task is terminal.
    mutating func decommission(_ id: String, now: Timestamp, _ out: inout [AppsDirective]) {
        guard var instance = self.instances[id] else { return }
        instance.goal = .decommissioned
        self.instances[id] = instance
        guard instance.task != nil else {
            self.remove(instance: id)
            return
        }
        self.saveInstance(id)
        self.killTask(of: id, now: now, &out)
    }

    /// Sends a kill for the instance's task (once; retries come from the timer).
    mutating func killTask(of id: String, now: Timestamp, _ out: inout [AppsDirective]) {
        guard var instance = self.instances[id], var task = instance.task, task.killRequestedAt == nil else { return }
        task.killRequestedAt = now
        instance.task = task
        self.instances[id] = instance
        self.saveInstance(id)
        let grace = self.definition(instance.appID)?.taskKillGracePeriodSeconds
        out.append(.kill(taskID: task.id, agentID: task.placement.agentID, gracePeriodSeconds: grace))
    }
}
