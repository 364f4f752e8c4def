import AgoraModel

extension AgentCore {
    /// The master accepted the (re-)registration: remember the ID, then send every call the
    /// outbox holds and every status update still waiting for acknowledgement.
    public mutating func registered(as agentID: AgentID, heartbeatInterval: Duration, now: MonotonicInstant) -> [AgentDirective] {
        self.link = .registered(agentID)
        self.agent.id = agentID
        self.masterHeartbeatInterval = heartbeatInterval
        self.nextMasterHeartbeat = now + heartbeatInterval
        var directives: [AgentDirective] = []
        self.checkpointAgent(&directives)
        directives += self.outbox.connected().map { AgentDirective.sendToMaster($0) }
        for update in self.updates.due(now: now, all: true) { directives += self.post(.update(update), now: now) }
        return directives
    }

    /// The master's stream broke: calls wait in the outbox until the agent is registered again.
    public mutating func masterDisconnected() {
        self.link = .disconnected
        self.outbox.connectionLost()
    }

    /// Tasks the master asked to launch that the agent could not read: each ends
    /// TASK_FAILED (REASON_TASK_INVALID) with the reason, instead of staying STAGING.
    public mutating func rejectTasks(
        _ taskIDs: [TaskID], of frameworkID: FrameworkID, message: String, now: MonotonicInstant
    ) -> [AgentDirective] {
        var directives: [AgentDirective] = []
        for taskID in taskIDs {
            let spec = TaskSpec(taskID: taskID, name: taskID.value, agentID: self.agentID ?? "", resources: Resources())
            self.report(spec, .failed, reason: .taskInvalid, message: message, of: frameworkID, now: now, &directives)
        }
        return directives
    }

    /// The framework acknowledged an update: the stream moves on, and the executor hears
    /// nothing (it was acknowledged when the agent took the update).
    public mutating func acknowledge(_ taskID: TaskID, uuid: [UInt8], of frameworkID: FrameworkID, now: MonotonicInstant) -> [AgentDirective] {
        let key = StatusUpdateStreams.Key(frameworkID: frameworkID, taskID: taskID)
        guard self.updates.pending(key).first?.status.uuid == uuid else { return [] }
        var directives: [AgentDirective] = []
        self.checkpointAcknowledgement(taskID, uuid: uuid, of: frameworkID, &directives)
        guard case .acknowledged(let next, let state) = self.updates.acknowledge(key, uuid: uuid, now: now, canSend: self.isRegistered)
        else { return directives }
        if state.isTerminal && self.updates.pending(key).isEmpty {
            self.forget(taskID, of: frameworkID, &directives)
        }
        return directives + (next.map { self.post(.update($0), now: now) } ?? [])
    }

    /// A message from the framework to one of its executors.
    public func frameworkMessage(_ data: [UInt8], to executorID: ExecutorID, of frameworkID: FrameworkID) -> [AgentDirective] {
        guard let connection = self.executor(frameworkID, executorID)?.connection else { return [] }
        return [.sendToExecutor(connection, .message(data))]
    }
}
