extension AppsCore {
    /// Kills tasks by app (optionally on one host) or by ID. With `scale` the app's
    /// `instances` shrink by the number killed, in a deployment; otherwise killed instances
    /// are relaunched (`wipe` forgets the instance instead, and a fresh one replaces it).
    mutating func killTasks(
        appID: String?, taskIDs: [String]?, host: String?, scale: Bool, wipe: Bool, force: Bool, now: Timestamp,
        _ out: inout [AppsDirective]
    ) -> Result<AppsCommandResult, AppsAPIError> {
        if scale && wipe { return .failure(.badRequest("You cannot use scale and wipe at the same time.")) }
        let selected: [Instance]
        switch self.selectInstances(appID: appID, taskIDs: taskIDs, host: host) {
        case .success(let instances): selected = instances
        case .failure(let error): return .failure(error)
        }
        let views = selected.compactMap { self.taskView($0) }
        if scale {
            var changes: [PathID: AppDefinition?] = [:]
            var toKill: [PathID: [String]] = [:]
            for (appID, instances) in Dictionary(grouping: selected, by: \.appID) {
                guard var app = self.apps[appID] else { continue }
                app.instances = max(0, app.instances - instances.count)
                changes[appID] = app
                toKill[appID] = instances.map(\.id)
            }
            return self.startDeployment(changes: changes, toKill: toKill, force: force, now: now, &out).map { .deployment($0) }
        }
        for instance in selected {
            if wipe { self.decommission(instance.id, now: now, &out) } else { self.killTask(of: instance.id, now: now, &out) }
        }
        return .success(.killed(views))
    }

    private func selectInstances(appID: String?, taskIDs: [String]?, host: String?) -> Result<[Instance], AppsAPIError> {
        if let taskIDs {
            var found: [Instance] = []
            for taskID in taskIDs {
                guard let id = self.instanceByTask[taskID], let instance = self.instances[id],
                    appID.map({ PathID($0) == instance.appID }) ?? true
                else {
                    return .failure(appID == nil ? .badRequest("Invalid task id '\(taskID)'") : .notFound("Task '\(taskID)' does not exist"))
                }
                found.append(instance)
            }
            return .success(found)
        }
        guard let appID else { return .success([]) }
        let id = PathID(appID)
        guard self.apps[id] != nil else { return .failure(.notFound("App '\(id)' does not exist")) }
        let launched = self.instanceList(of: id).filter { $0.task != nil && $0.goal == .running }
        guard let host, host != "*" else { return .success(launched) }
        return .success(launched.filter { $0.task?.placement.hostname == host })
    }
}
