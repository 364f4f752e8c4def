import AgoraModel

extension MasterCore {
    /// A status update from an agent: recorded on the task, forwarded to the framework
    /// (which acknowledges it back through the master), and, at the first terminal state,
    /// the task's resources go back to the allocator.
    mutating func statusUpdate(
        _ update: StatusUpdate, from agentID: AgentID, now: MonotonicInstant, _ directives: inout [MasterDirective]
    ) {
        var status = update.status
        if status.agentID == nil { status.agentID = agentID }
        guard var framework = self.frameworks[update.frameworkID] else {
            self.metrics.invalidStatusUpdates += 1
            return
        }
        self.metrics.validStatusUpdates += 1
        let taskID = status.taskID
        if var task = framework.tasks[taskID] ?? framework.unreachableTasks[taskID] {
            framework.unreachableTasks[taskID] = nil
            task.state = update.latestState ?? status.state
            task.unreachableTime = nil
            task.statuses.append(status)
            if task.statuses.count > self.configuration.maxStatusesPerTask { task.statuses.removeFirst() }
            if task.state.isTerminal && !task.resourcesReleased {
                task.resourcesReleased = true
                self.allocator.recoverResources(task.spec.resources, of: update.frameworkID, on: agentID, now: now)
                self.wantAllocation(&directives)
            }
            framework.tasks[taskID] = task
            self.frameworks[update.frameworkID] = framework
            self.publishUpdate(of: task, &directives)
            self.agents[agentID]?.tasks[update.frameworkID, default: []].insert(taskID)
        }
        self.send(.update(status), to: update.frameworkID, &directives)
    }
}
