import AgoraModel

extension MasterCore {
    /// MARK_AGENT_GONE: the operator asserts the agent is never coming back. Stored first,
    /// so it can never re-register; its tasks become TASK_GONE_BY_OPERATOR (TASK_LOST for
    /// frameworks that are not partition-aware), its resources leave the cluster, and every
    /// framework hears FAILURE for it. Marking an agent gone twice is fine.
    mutating func markAgentGone(_ id: AgentID, now: MonotonicInstant, _ directives: inout [MasterDirective]) -> OperatorResult {
        if self.registry.goneAgents[id] != nil { return .ok }
        guard let agent = self.agents[id] else { return .notFound("Agent '\(id)' not found") }
        self.persist(.markAgentGone(id, at: self.wallTime(now)), &directives)
        if let connection = agent.connection {
            directives.append(.sendToAgent(connection, .error("Agent \(id) has been marked gone")))
            directives.append(.closeAgentStream(connection))
            self.agentByConnection[connection] = nil
        }
        self.rescindOffers(on: id, now: now, &directives)
        self.agents[id] = nil
        self.allocator.removeAgent(id)
        self.metrics.agentRemovals += 1
        for frameworkID in self.frameworks.keys.sorted() {
            self.goneByOperator(on: agent, of: frameworkID, now: now, &directives)
        }
        for (frameworkID, framework) in self.frameworks.sorted(by: { $0.key < $1.key }) where framework.isConnected {
            self.send(.failure(id, nil, status: nil), to: frameworkID, &directives)
        }
        self.publish(.agentRemoved(id), &directives)
        self.wantAllocation(&directives)
        return .ok
    }

    /// Ends every task of `frameworkID` on the gone agent, live or unreachable.
    private mutating func goneByOperator(
        on agent: AgentRecord, of frameworkID: FrameworkID, now: MonotonicInstant, _ directives: inout [MasterDirective]
    ) {
        guard var framework = self.frameworks[frameworkID] else { return }
        let onAgent = framework.tasks.values.filter { $0.spec.agentID == agent.id }
            + framework.unreachableTasks.values.filter { $0.spec.agentID == agent.id }
        for var task in onAgent.sorted(by: { $0.spec.taskID < $1.spec.taskID }) {
            framework.tasks[task.spec.taskID] = nil
            framework.unreachableTasks[task.spec.taskID] = nil
            if !task.state.isTerminal {
                task.state = TaskState.goneByOperator.visible(toPartitionAware: framework.info.isPartitionAware)
                let status = TaskStatus(
                    taskID: task.spec.taskID, state: task.state, message: "Agent \(agent.info.hostname) was marked gone",
                    source: .master, reason: .agentRemovedByOperator, agentID: agent.id, executorID: task.spec.executorID,
                    timestamp: self.wallTime(now))
                task.statuses.append(status)
                task.resourcesReleased = true
                self.send(.update(status), to: frameworkID, &directives)
                self.publishUpdate(of: task, &directives)
            }
            self.complete(task, in: &framework)
        }
        framework.executors[agent.id] = nil
        self.frameworks[frameworkID] = framework
    }
}
