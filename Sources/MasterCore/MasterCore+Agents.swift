import AgoraModel

extension MasterCore {
    /// An agent (re-)registered. A fresh agent gets a new ID. One re-registering with an ID
    /// reports what it runs; the master adopts those tasks (after its own restart it knew
    /// nothing) and forgets tasks the agent no longer has.
    public mutating func agentSubscribe(_ registration: AgentRegistration, now: MonotonicInstant) -> [MasterDirective] {
        var directives: [MasterDirective] = []
        let connection = registration.connection
        if let problem = Self.validate(registration.agent) {
            return [.sendToAgent(connection, .error(problem)), .closeAgentStream(connection)]
        }
        if let id = registration.agent.id, self.registry.goneAgents[id] != nil {
            return [.sendToAgent(connection, .error("Agent \(id) has been marked gone")), .closeAgentStream(connection)]
        }
        let id = registration.agent.id ?? self.newAgentID()
        var info = registration.agent
        info.id = id
        // Admission is durable before the agent hears it is registered.
        if self.registry.agents[id] != info { self.persist(.admitAgent(info), &directives) }
        if var existing = self.agents[id] {
            if let old = existing.connection, old != connection {
                directives.append(.closeAgentStream(old))
                self.agentByConnection[old] = nil
            }
            self.rescindOffers(on: id, now: now, &directives)
            existing.info = info
            existing.reregisteredAt = now
            self.agents[id] = existing
            self.metrics.agentReregistrations += 1
        } else {
            self.agents[id] = AgentRecord(
                info: info, id: id, health: .connected, registeredAt: now, lastHeard: now, nextHeartbeat: now)
            if registration.agent.id == nil { self.metrics.agentRegistrations += 1 } else { self.metrics.agentReregistrations += 1 }
        }
        self.agents[id]!.connection = connection
        self.agents[id]!.streamID = registration.streamID
        self.agents[id]!.health = .connected
        self.agents[id]!.lastHeard = now
        self.agents[id]!.nextHeartbeat = now + self.configuration.agentHeartbeatInterval
        self.agentByConnection[connection] = id
        if registration.agent.id != nil { self.adoptReport(registration, agentID: id, now: now, &directives) }
        self.resetAllocation(of: id)
        directives.append(.sendToAgent(connection, .subscribed(id, heartbeatInterval: self.configuration.agentHeartbeatInterval)))
        self.publish(.agentAdded(self.agents[id]!), &directives)
        self.wantAllocation(&directives)
        return directives
    }

    /// The agent's stream closed. It stays disconnected (its tasks keep running) until it
    /// comes back or the agent timeout makes it unreachable.
    public mutating func agentDisconnected(_ connection: ConnectionID, now: MonotonicInstant) -> [MasterDirective] {
        guard let id = self.agentByConnection.removeValue(forKey: connection), self.agents[id]?.connection == connection else {
            return []
        }
        var directives: [MasterDirective] = []
        self.agents[id]!.connection = nil
        self.agents[id]!.streamID = nil
        self.agents[id]!.health = .disconnected(since: now)
        self.allocator.setAgentActive(id, false)
        self.rescindOffers(on: id, now: now, &directives)
        return directives
    }

    /// A call from a registered agent on its current stream.
    public mutating func handle(
        _ call: AgentCall, fromAgent agentID: AgentID, streamID: String?, now: MonotonicInstant
    ) -> (CallResult, [MasterDirective]) {
        guard let agent = self.agents[agentID] else { return (.badRequest("Agent cannot be found"), []) }
        guard agent.isConnected else { return (.forbidden("Agent is not subscribed"), []) }
        guard streamID == agent.streamID else { return (.badRequest("The stream ID does not match the agent's stream"), []) }
        self.agents[agentID]!.lastHeard = now
        var directives: [MasterDirective] = []
        switch call {
        case .heartbeat:
            break
        case .update(let update):
            self.statusUpdate(update, from: agentID, now: now, &directives)
        case .executorExited(let frameworkID, let executorID, let status):
            self.executorExited(executorID, of: frameworkID, on: agentID, status: status, now: now, &directives)
        case .message(let frameworkID, let executorID, let data):
            self.send(.message(agentID, executorID, data: data), to: frameworkID, &directives)
        }
        return (.accepted, directives)
    }

    /// Declares an agent unreachable: its tasks become TASK_UNREACHABLE (partition-aware
    /// frameworks) or TASK_LOST, its resources leave the cluster, and every framework hears
    /// FAILURE for the agent.
    mutating func markUnreachable(_ id: AgentID, now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        guard var agent = self.agents[id] else { return }
        self.persist(.markAgentUnreachable(id, at: self.wallTime(now)), &directives)
        if let connection = agent.connection {
            directives.append(.closeAgentStream(connection))
            self.agentByConnection[connection] = nil
        }
        self.rescindOffers(on: id, now: now, &directives)
        agent.connection = nil
        agent.streamID = nil
        agent.health = .unreachable(since: now)
        let tasks = agent.tasks
        agent.tasks = [:]
        self.agents[id] = agent
        self.allocator.removeAgent(id)
        self.metrics.agentRemovals += 1
        for (frameworkID, taskIDs) in tasks.sorted(by: { $0.key < $1.key }) {
            self.loseTasks(taskIDs.sorted(), of: frameworkID, on: agent, now: now, &directives)
        }
        for (frameworkID, framework) in self.frameworks.sorted(by: { $0.key < $1.key }) where framework.isConnected {
            self.send(.failure(id, nil, status: nil), to: frameworkID, &directives)
        }
        self.publish(.agentRemoved(id), &directives)
    }

    private mutating func loseTasks(
        _ taskIDs: [TaskID], of frameworkID: FrameworkID, on agent: AgentRecord, now: MonotonicInstant,
        _ directives: inout [MasterDirective]
    ) {
        guard var framework = self.frameworks[frameworkID] else { return }
        for taskID in taskIDs {
            guard var task = framework.tasks.removeValue(forKey: taskID) else { continue }
            guard !task.state.isTerminal else {
                self.complete(task, in: &framework)
                continue
            }
            task.state = TaskState.unreachable.visible(toPartitionAware: framework.info.isPartitionAware)
            task.unreachableTime = self.wallTime(now)
            let status = TaskStatus(
                taskID: taskID, state: task.state, message: "Agent \(agent.info.hostname) is unreachable",
                source: .master, reason: .agentRemoved, agentID: agent.id, executorID: task.spec.executorID,
                timestamp: self.wallTime(now), unreachableTime: task.unreachableTime)
            task.statuses.append(status)
            task.resourcesReleased = true
            if task.state == .unreachable { framework.unreachableTasks[taskID] = task } else { self.complete(task, in: &framework) }
            self.frameworks[frameworkID] = framework
            self.send(.update(status), to: frameworkID, &directives)
            self.publishUpdate(of: task, &directives)
        }
        framework.executors[agent.id] = nil
        self.frameworks[frameworkID] = framework
    }

    /// Custom executor exits give back their resources; frameworks hear FAILURE.
    private mutating func executorExited(
        _ executorID: ExecutorID, of frameworkID: FrameworkID, on agentID: AgentID, status: Int32?, now: MonotonicInstant,
        _ directives: inout [MasterDirective]
    ) {
        if let executor = self.frameworks[frameworkID]?.executors[agentID]?.removeValue(forKey: executorID) {
            self.allocator.recoverResources(executor.resources, of: frameworkID, on: agentID, now: now)
            self.wantAllocation(&directives)
        }
        self.send(.failure(agentID, executorID, status: status), to: frameworkID, &directives)
    }

    static func validate(_ agent: AgentDescriptor) -> String? {
        if agent.hostname.isEmpty { return "Agent hostname must not be empty" }
        if !(1...65535).contains(agent.port) { return "Agent port \(agent.port) is out of range" }
        return nil
    }
}
