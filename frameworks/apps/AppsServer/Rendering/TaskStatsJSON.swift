import AppsCore

/// `taskStats` (reference §3.4): counts and lifetimes of an app's tasks, grouped as
/// Marathon groups them; empty groups are left out.
struct TaskStatsJSON {
    let view: AppsView

    func stats(_ app: AppDefinition, tasks: [TaskView]) -> JSONValue {
        let groups: [(String, [TaskView])] = [
            ("startedAfterLastScaling", tasks.filter { $0.stagedAt >= app.versionInfo.lastScalingAt }),
            ("withLatestConfig", tasks.filter { $0.version >= app.versionInfo.lastConfigChangeAt }),
            ("withOutdatedConfig", tasks.filter { $0.version < app.versionInfo.lastConfigChangeAt }),
            ("totalSummary", tasks),
        ]
        return .object(groups.filter { !$0.1.isEmpty }.map { name, tasks in (name, .object([("stats", self.summary(tasks))])) })
    }

    private func summary(_ tasks: [TaskView]) -> JSONValue {
        var counts = TaskCounts()
        var lifetimes: [Double] = []
        for task in tasks {
            if task.state == .running {
                counts.running += 1
            } else if [.staging, .starting].contains(task.state) {
                counts.staged += 1
            }
            switch self.view.core.instances[task.instanceID].flatMap({ self.view.core.healthVerdict($0) }) {
            case true?: counts.healthy += 1
            case false?: counts.unhealthy += 1
            case nil: break
            }
            if let started = task.startedAt { lifetimes.append(self.view.now.seconds(since: started)) }
        }
        var members: [(String, JSONValue)] = [
            ("counts", .object([
                ("staged", .number(Double(counts.staged))), ("running", .number(Double(counts.running))),
                ("healthy", .number(Double(counts.healthy))), ("unhealthy", .number(Double(counts.unhealthy))),
            ])),
        ]
        if !lifetimes.isEmpty {
            let sorted = lifetimes.sorted()
            let middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            members.append(("lifeTime", .object([
                ("averageSeconds", .number(sorted.reduce(0, +) / Double(sorted.count))), ("medianSeconds", .number(median)),
            ])))
        }
        return .object(members)
    }
}
