import AgoraModel

extension MasterCore {
    /// Brings the master's view of an agent in line with what the agent reports: frameworks
    /// the master never heard of are recovered, tasks it knew but the agent lost are
    /// reported gone, tasks it did not know are adopted.
    mutating func adoptReport(
        _ registration: AgentRegistration, agentID: AgentID, now: MonotonicInstant, _ directives: inout [MasterDirective]
    ) {
        for info in registration.frameworks { self.recoverFramework(info, agentID: agentID, now: now, &directives) }
        var reported: [FrameworkID: [TaskID: ReportedTask]] = [:]
        for task in registration.tasks { reported[task.frameworkID, default: [:]][task.spec.taskID] = task }
        self.forgetUnreportedTasks(on: agentID, reported: reported, now: now, &directives)
        for task in registration.tasks where self.frameworks[task.frameworkID] != nil {
            let known = self.frameworks[task.frameworkID]!.tasks[task.spec.taskID] != nil
            self.adopt(task, on: agentID)
            if !known, let record = self.frameworks[task.frameworkID]!.tasks[task.spec.taskID] {
                self.publish(.taskAdded(record), &directives)
            }
        }
        for report in registration.executors where self.frameworks[report.frameworkID] != nil {
            self.frameworks[report.frameworkID]!.executors[agentID, default: [:]][report.executor.executorID] = report.executor
        }
        self.reconcileExecutors(on: agentID, reported: registration.executors)
    }

    private mutating func recoverFramework(
        _ info: FrameworkDescriptor, agentID: AgentID, now: MonotonicInstant, _ directives: inout [MasterDirective]
    ) {
        guard let id = info.id else { return }
        if self.isRemoved(id) {
            self.send(.shutdownFramework(id), toAgent: agentID, &directives)
            return
        }
        guard self.frameworks[id] == nil else { return }
        self.frameworks[id] = FrameworkRecord(
            info: info, id: id, suppressedRoles: [], registeredAt: now, disconnectedAt: now, isRecovered: true)
        self.allocator.addFramework(id, roles: Set(info.roles), capabilities: info.capabilities, isActive: false)
        self.persist(.recordFramework(info, disconnectedSince: self.wallTime(now)), &directives)
    }

    /// Tasks the master placed on the agent that the agent no longer has.
    private mutating func forgetUnreportedTasks(
        on agentID: AgentID, reported: [FrameworkID: [TaskID: ReportedTask]], now: MonotonicInstant,
        _ directives: inout [MasterDirective]
    ) {
        for (frameworkID, var framework) in self.frameworks.sorted(by: { $0.key < $1.key }) {
            let onAgent = framework.tasks.values.filter { $0.spec.agentID == agentID }
                + framework.unreachableTasks.values.filter { $0.spec.agentID == agentID }
            for var task in onAgent.sorted(by: { $0.spec.taskID < $1.spec.taskID })
            where reported[frameworkID]?[task.spec.taskID] == nil {
                framework.tasks[task.spec.taskID] = nil
                framework.unreachableTasks[task.spec.taskID] = nil
                self.agents[agentID]?.tasks[frameworkID]?.remove(task.spec.taskID)
                if !task.state.isTerminal {
                    task.state = TaskState.gone.visible(toPartitionAware: framework.info.isPartitionAware)
                    let status = TaskStatus(
                        taskID: task.spec.taskID, state: task.state, message: "Task is unknown to the agent",
                        source: .master, reason: .taskUnknown, agentID: agentID, timestamp: self.wallTime(now))
                    task.statuses.append(status)
                    self.frameworks[frameworkID] = framework
                    self.send(.update(status), to: frameworkID, &directives)
                    self.publishUpdate(of: task, &directives)
                }
                self.complete(task, in: &framework)
            }
            self.frameworks[frameworkID] = framework
        }
    }

    private mutating func adopt(_ report: ReportedTask, on agentID: AgentID) {
        let frameworkID = report.frameworkID
        let taskID = report.spec.taskID
        var task = self.frameworks[frameworkID]!.tasks[taskID]
            ?? self.frameworks[frameworkID]!.unreachableTasks[taskID]
            ?? TaskRecord(
                spec: report.spec, frameworkID: frameworkID,
                role: report.spec.resources.allocationRoles.sorted().first ?? Roles.defaultRole, state: report.state)
        task.state = report.state
        task.unreachableTime = nil
        task.resourcesReleased = report.state.isTerminal
        if let status = report.latestStatus, task.statuses.last != status { task.statuses.append(status) }
        self.frameworks[frameworkID]!.unreachableTasks[taskID] = nil
        self.frameworks[frameworkID]!.tasks[taskID] = task
        self.agents[agentID]?.tasks[frameworkID, default: []].insert(taskID)
    }

    /// Re-enters an agent into the allocator with everything its tasks and executors hold.
    mutating func resetAllocation(of agentID: AgentID) {
        guard let agent = self.agents[agentID] else { return }
        var used: [FrameworkID: Resources] = [:]
        for (frameworkID, taskIDs) in agent.tasks {
            guard let framework = self.frameworks[frameworkID] else { continue }
            for taskID in taskIDs {
                guard let task = framework.tasks[taskID], !task.resourcesReleased else { continue }
                used[frameworkID, default: Resources()] += task.spec.resources
            }
        }
        for (frameworkID, framework) in self.frameworks {
            for executor in (framework.executors[agentID] ?? [:]).values {
                used[frameworkID, default: Resources()] += executor.resources
            }
        }
        self.allocator.removeAgent(agentID)
        self.allocator.addAgent(agentID, total: agent.info.resources, used: used, isActive: agent.isConnected)
    }
}
