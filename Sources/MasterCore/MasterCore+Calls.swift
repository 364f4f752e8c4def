import AgoraModel

extension MasterCore {
    /// A scheduler call other than SUBSCRIBE. Checks in Mesos's order: the framework must
    /// exist (400), be subscribed (403), and the call carry its stream's ID (400).
    public mutating func handle(
        _ call: SchedulerCall, from frameworkID: FrameworkID, streamID: String?, now: MonotonicInstant
    ) -> (CallResult, [MasterDirective]) {
        guard let framework = self.frameworks[frameworkID] else { return (.badRequest("Framework cannot be found"), []) }
        guard framework.isConnected else { return (.forbidden("Framework is not subscribed"), []) }
        guard let streamID else { return (.badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header"), []) }
        guard streamID == framework.streamID else {
            return (.badRequest("The stream ID '\(streamID)' included in this request didn't match the stream ID currently associated with framework ID \(frameworkID)"), [])
        }
        var directives: [MasterDirective] = []
        let result = self.dispatch(call, from: frameworkID, now: now, &directives)
        return (result, directives)
    }

    private mutating func dispatch(
        _ call: SchedulerCall, from id: FrameworkID, now: MonotonicInstant, _ directives: inout [MasterDirective]
    ) -> CallResult {
        switch call {
        case .teardown:
            self.removeFramework(id, now: now, &directives)
        case .accept(let offerIDs, let operations, let refuseSeconds, let unauthorized):
            self.accept(
                offerIDs, operations: operations, refuseSeconds: refuseSeconds, unauthorized: unauthorized, of: id, now: now,
                &directives)
        case .decline(let offerIDs, let refuseSeconds):
            self.decline(offerIDs, of: id, refuseSeconds: refuseSeconds, now: now, &directives)
        case .revive(let roles):
            self.frameworks[id]!.suppressedRoles.subtract(roles.isEmpty ? self.frameworks[id]!.info.roles : roles)
            self.allocator.revive(id, roles: roles.isEmpty ? nil : Set(roles))
            self.wantAllocation(&directives)
        case .suppress(let roles):
            self.frameworks[id]!.suppressedRoles.formUnion(roles.isEmpty ? self.frameworks[id]!.info.roles : roles)
            self.allocator.suppress(id, roles: roles.isEmpty ? nil : Set(roles))
        case .kill(let taskID, let agentID, let grace):
            self.kill(taskID, agentID: agentID, grace: grace, of: id, &directives)
        case .shutdown(let executorID, let agentID):
            self.send(.shutdownExecutor(id, executorID), toAgent: agentID, &directives)
        case .acknowledge(let agentID, let taskID, let uuid):
            return self.acknowledge(taskID, uuid: uuid, agentID: agentID, of: id, &directives)
        case .reconcile(let items):
            self.reconcile(items, of: id, &directives)
        case .message(let agentID, let executorID, let data):
            self.send(.message(id, executorID, data: data), toAgent: agentID, &directives)
        case .updateFramework(let info, let suppressedRoles):
            return self.updateFramework(id, info: info, suppressedRoles: suppressedRoles, now: now, &directives)
        case .noOperation:
            break
        }
        return .accepted
    }

    /// KILL: forwarded to the task's agent; an unknown task is answered TASK_LOST
    /// (TASK_UNKNOWN for partition-aware frameworks).
    private mutating func kill(
        _ taskID: TaskID, agentID: AgentID?, grace: Duration?, of frameworkID: FrameworkID,
        _ directives: inout [MasterDirective]
    ) {
        let framework = self.frameworks[frameworkID]!
        guard let task = framework.tasks[taskID] ?? framework.unreachableTasks[taskID] else {
            // The task may be on an agent that has not re-registered since a failover: the
            // framework retries its kill, as it would after any lost message.
            if self.mayStillKnow(agentID) { return }
            let status = TaskStatus(
                taskID: taskID, state: TaskState.unknown.visible(toPartitionAware: framework.info.isPartitionAware),
                message: "Attempted to kill an unknown task", source: .master, reason: .reconciliation, agentID: agentID)
            self.send(.update(status), to: frameworkID, &directives)
            return
        }
        self.send(.killTask(frameworkID, taskID, killGracePeriod: grace ?? task.spec.killGracePeriod),
                  toAgent: task.spec.agentID, &directives)
    }

    /// ACKNOWLEDGE: forwarded to the agent; acknowledging a terminal update retires the task.
    private mutating func acknowledge(
        _ taskID: TaskID, uuid: [UInt8], agentID: AgentID, of frameworkID: FrameworkID,
        _ directives: inout [MasterDirective]
    ) -> CallResult {
        guard uuid.count == 16 else { return .badRequest("Failed to validate scheduler::Call: 'uuid' must be 16 bytes") }
        self.send(.acknowledge(frameworkID, taskID, uuid: uuid), toAgent: agentID, &directives)
        guard let task = self.frameworks[frameworkID]?.tasks[taskID],
            task.state.isTerminal, task.statuses.last(where: { $0.uuid == uuid })?.state.isTerminal == true
        else { return .accepted }
        // In place, as in `statusUpdate`: a copy of the record would copy its task map.
        self.frameworks[frameworkID]!.tasks[taskID] = nil
        self.complete(task, of: frameworkID)
        self.agents[task.spec.agentID]?.tasks[frameworkID]?.remove(taskID)
        return .accepted
    }
}
