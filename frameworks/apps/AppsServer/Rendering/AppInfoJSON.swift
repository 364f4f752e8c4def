import AppsCore

/// Renders apps as Marathon's AppInfo (reference §3.4), with only the keys marathon-python
/// 0.13 accepts. Agora's extensions (`deadlineSeconds`, `rollbackOnDeadline`) appear only
/// when asked for (`extensions`), so strict clients never see them.
struct AppInfoRenderer {
    let view: AppsView
    let embeds: AppEmbeds
    let extensions: Bool

    var core: AppsCore { self.view.core }

    func appInfo(_ app: AppDefinition) -> JSONValue {
        guard case .object(var members) = app.marathonJSON(includeExtensions: self.extensions) else { return .null }
        let counts = self.core.counts(of: app.id)
        members += [
            ("tasksStaged", .number(Double(counts.staged))), ("tasksRunning", .number(Double(counts.running))),
            ("tasksHealthy", .number(Double(counts.healthy))), ("tasksUnhealthy", .number(Double(counts.unhealthy))),
            ("deployments", .array(self.core.deploymentIDs(of: app.id).map { .object([("id", .string($0))]) })),
        ]
        let tasks = self.embeds.isDisjoint(with: [.tasks, .taskStats]) ? [] : self.core.tasks(of: app.id).filter { $0.appID == app.id }
        if self.embeds.contains(.tasks) { members.append(("tasks", .array(tasks.map { self.taskJSON($0) }))) }
        if self.embeds.contains(.lastTaskFailure), let failure = self.core.lastTaskFailures[app.id] {
            members.append(("lastTaskFailure", failure.json))
        }
        if self.embeds.contains(.readiness) {
            members.append(("readinessCheckResults", .array(self.core.readinessResults(of: app.id).map(\.json))))
        }
        if self.embeds.contains(.taskStats) { members.append(("taskStats", TaskStatsJSON(view: self.view).stats(app, tasks: tasks))) }
        return .object(members)
    }

    /// A task as Marathon shows it. The verdict of a check the agent runs (MESOS_HTTP,
    /// MESOS_TCP, COMMAND) comes from the task's status updates; where agents are configured
    /// not to run such checks, one is shown as not run rather than left out.
    func taskJSON(_ task: TaskView) -> JSONValue {
        guard case .object(var members) = task.json, let app = self.core.apps[task.appID], let check = app.agentHealthCheck,
            let index = members.firstIndex(where: { $0.0 == "healthCheckResults" }), case .array(var results) = members[index].1
        else { return task.json }
        let healthy = self.core.instances[task.instanceID]?.task?.agentHealthy
        let cause: JSONValue
        switch (healthy, self.core.configuration.agentsRunHealthChecks) {
        case (true?, _): cause = .null
        case (false?, _): cause = .string("the agent's \(check.protocol.rawValue) check failed")
        case (nil, true): return task.json  // no verdict yet, as Marathon before the first check
        case (nil, false): cause = .string("\(check.protocol.rawValue) checks are passed to the agent in the TaskInfo, which does not run them")
        }
        results.append(.object([
            ("alive", .bool(healthy ?? false)), ("consecutiveFailures", 0), ("firstSuccess", .null), ("lastSuccess", .null),
            ("lastFailure", .null), ("lastFailureCause", cause), ("instanceId", .string(task.instanceID)),
        ]))
        members[index].1 = .array(results)
        return .object(members)
    }

    /// The app as created (201 body): no tasks yet, the new deployment.
    static func created(_ app: AppDefinition, deploymentID: String, extensions: Bool) -> JSONValue {
        guard case .object(var members) = app.marathonJSON(includeExtensions: extensions) else { return .null }
        members += [
            ("tasksStaged", 0), ("tasksRunning", 0), ("tasksHealthy", 0), ("tasksUnhealthy", 0),
            ("deployments", .array([.object([("id", .string(deploymentID))])])),
        ]
        return .object(members)
    }
}
