import AgoraModel

extension MasterCore {
    /// RECONCILE (reference/mesos.md §6.5). Implicit (no tasks): the latest state of every
    /// task the master knows. Explicit: known tasks get their latest state; unknown ones
    /// TASK_GONE on a registered agent, TASK_UNREACHABLE on an unreachable one, TASK_UNKNOWN
    /// otherwise — each TASK_LOST for frameworks that are not partition-aware.
    mutating func reconcile(_ items: [ReconcileItem], of frameworkID: FrameworkID, _ directives: inout [MasterDirective]) {
        guard let framework = self.frameworks[frameworkID] else { return }
        if items.isEmpty {
            let known = framework.tasks.merging(framework.unreachableTasks) { live, _ in live }
            for (_, task) in known.sorted(by: { $0.key < $1.key }) {
                self.send(.update(self.reconciliationStatus(of: task, framework)), to: frameworkID, &directives)
            }
            return
        }
        for item in items {
            let status: TaskStatus
            if let task = framework.tasks[item.taskID] ?? framework.unreachableTasks[item.taskID] {
                status = self.reconciliationStatus(of: task, framework)
            } else if self.mayStillKnow(item.agentID) {
                continue
            } else {
                status = self.unknownTaskStatus(item, framework)
            }
            self.send(.update(status), to: frameworkID, &directives)
        }
    }

    /// Whether a task the master does not know may still be reported by an agent that has
    /// not re-registered since a failover: `agentID`'s agent, or any agent when none is
    /// named. Mesos gives no answer then, rather than a TASK_LOST the framework would act on.
    func mayStillKnow(_ agentID: AgentID?) -> Bool {
        guard let agentID else { return self.agents.values.contains { $0.isRecovering } }
        return self.agents[agentID]?.isRecovering == true
    }

    private func reconciliationStatus(of task: TaskRecord, _ framework: FrameworkRecord) -> TaskStatus {
        var status = task.latestStatus ?? TaskStatus(taskID: task.spec.taskID, state: task.state)
        status.state = task.state.visible(toPartitionAware: framework.info.isPartitionAware)
        status.source = .master
        status.reason = .reconciliation
        status.uuid = nil
        status.timestamp = nil
        status.agentID = task.spec.agentID
        status.executorID = task.spec.executorID
        status.unreachableTime = task.unreachableTime
        status.message = "Reconciliation: Latest task state"
        return status
    }

    private func unknownTaskStatus(_ item: ReconcileItem, _ framework: FrameworkRecord) -> TaskStatus {
        var state = TaskState.unknown
        var message = "Reconciliation: Task is unknown"
        var unreachableTime: Double?
        if let agentID = item.agentID, let agent = self.agents[agentID] {
            switch agent.health {
            case .unreachable:
                state = .unreachable
                message = "Reconciliation: Task is unreachable"
                unreachableTime = nil
            case .connected, .disconnected, .recovering:
                state = .gone
                message = "Reconciliation: Task is unknown to the agent"
            }
        }
        return TaskStatus(
            taskID: item.taskID, state: state.visible(toPartitionAware: framework.info.isPartitionAware),
            message: message, source: .master, reason: .reconciliation, agentID: item.agentID,
            unreachableTime: unreachableTime)
    }
}
