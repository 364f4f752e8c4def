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
        let frameworkID = update.frameworkID
        guard self.frameworks[frameworkID] != nil else {
            self.metrics.invalidStatusUpdates += 1
            return
        }
        self.metrics.validStatusUpdates += 1
        let taskID = status.taskID
        // The record is changed in place: a copy of it would copy its whole task map (every
        // update of a framework with thousands of tasks would cost thousands of copies).
        // Out of both maps (an ID can be in both: a relaunch of an unreachable task's ID).
        let live = self.frameworks[frameworkID]!.tasks.removeValue(forKey: taskID)
        let unreachable = self.frameworks[frameworkID]!.unreachableTasks.removeValue(forKey: taskID)
        if var task = live ?? unreachable {
            task.state = update.latestState ?? status.state
            task.unreachableTime = nil
            task.statuses.append(status)
            if task.statuses.count > self.configuration.maxStatusesPerTask { task.statuses.removeFirst() }
            if task.state.isTerminal && !task.resourcesReleased {
                task.resourcesReleased = true
                self.allocator.recoverResources(task.spec.resources, of: frameworkID, on: agentID, now: now)
                self.wantAllocation(&directives)
            }
            self.frameworks[frameworkID]!.tasks[taskID] = task
            self.publishUpdate(of: task, &directives)
            self.agents[agentID]?.tasks[frameworkID, default: []].insert(taskID)
        }
        self.send(.update(status), to: update.frameworkID, &directives)
    }
}
