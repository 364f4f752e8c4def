import AgoraModel

extension AgentCore {
    /// Records an agent-generated status for `task` and queues it reliably (unless the
    /// master removed its framework: then nobody would acknowledge it).
    mutating func report(
        _ task: TaskSpec, _ state: TaskState, reason: TaskStatusReason, message: String, of frameworkID: FrameworkID,
        now: MonotonicInstant, _ directives: inout [AgentDirective]
    ) {
        guard !self.removedFrameworks.contains(frameworkID) else { return }
        let status = TaskStatus(
            taskID: task.taskID, state: state, message: message, source: .agent, reason: reason, agentID: self.agentID,
            executorID: task.executorID, uuid: self.newUUID())
        directives += self.enqueue(StatusUpdate(frameworkID: frameworkID, status: status), now: now)
    }

    /// Puts an update into its task's stream (checkpointed first, for a checkpointing
    /// framework), posting it to the master if it is the head.
    mutating func enqueue(_ update: StatusUpdate, now: MonotonicInstant) -> [AgentDirective] {
        var directives: [AgentDirective] = []
        self.checkpointUpdate(update, &directives)
        guard let head = self.updates.enqueue(update, now: now, canSend: self.isRegistered) else { return directives }
        return directives + self.post(.update(head), now: now)
    }

    /// Kills an executor's processes now.
    mutating func destroy(_ frameworkID: FrameworkID, _ executorID: ExecutorID, now: MonotonicInstant) -> [AgentDirective] {
        guard var record = self.executor(frameworkID, executorID), record.phase != .terminated else { return [] }
        record.phase = .terminating
        record.deadline = nil
        self.executors[frameworkID]![executorID] = record
        return [.destroyContainer(record.containerID, force: true)]
    }

    /// A task whose terminal update was acknowledged is forgotten, and its executor retired
    /// once it has exited with nothing left to deliver.
    mutating func forget(_ taskID: TaskID, of frameworkID: FrameworkID, _ directives: inout [AgentDirective]) {
        for (executorID, record) in self.executors[frameworkID] ?? [:] where record.tasks[taskID] != nil {
            self.executors[frameworkID]![executorID]!.tasks[taskID] = nil
            self.retireIfDone(frameworkID, executorID, &directives)
            return
        }
    }

    /// Moves a terminated executor whose updates are all acknowledged to the completed
    /// list; its sandbox (and checkpoint) may now be garbage collected.
    mutating func retireIfDone(_ frameworkID: FrameworkID, _ executorID: ExecutorID, _ directives: inout [AgentDirective]) {
        guard let record = self.executor(frameworkID, executorID), record.phase == .terminated else { return }
        let pending = record.tasks.keys.contains { !self.updates.pending(.init(frameworkID: frameworkID, taskID: $0)).isEmpty }
        guard !pending else { return }
        self.executors[frameworkID]![executorID] = nil
        if self.executors[frameworkID]!.isEmpty {
            self.executors[frameworkID] = nil
            self.frameworks[frameworkID] = nil
        }
        directives.append(.executorCompleted(frameworkID, executorID, record.containerID, sandbox: record.sandbox))
        self.completedExecutors.append(record)
        if self.completedExecutors.count > self.configuration.maxCompletedExecutors { self.completedExecutors.removeFirst() }
    }

    /// Retries due status updates and calls, heartbeats the master and executors, and
    /// destroys executors that did not subscribe, shut down or reconnect in time.
    public mutating func tick(now: MonotonicInstant) -> [AgentDirective] {
        var directives: [AgentDirective] = []
        self.heartbeatExecutors(now: now, &directives)
        if self.isRegistered {
            directives += self.retryMasterCalls(now: now)
            for update in self.updates.due(now: now) { directives += self.post(.update(update), now: now) }
            if self.nextMasterHeartbeat <= now {
                directives += self.post(.heartbeat, now: now)
                self.nextMasterHeartbeat = now + self.masterHeartbeatInterval
            }
        }
        for (frameworkID, executors) in self.executors.sorted(by: { $0.key < $1.key }) {
            for (executorID, record) in executors.sorted(by: { $0.key < $1.key }) {
                guard let deadline = record.deadline, deadline <= now else { continue }
                self.executors[frameworkID]![executorID]!.deadline = nil
                self.executors[frameworkID]![executorID]!.registrationTimedOut = record.phase == .launching
                directives.append(.destroyContainer(record.containerID, force: true))
            }
        }
        self.destroyUnreconnected(now: now, &directives)
        return directives
    }

    private mutating func heartbeatExecutors(now: MonotonicInstant, _ directives: inout [AgentDirective]) {
        guard self.nextExecutorHeartbeat <= now else { return }
        self.nextExecutorHeartbeat = now + self.configuration.executorHeartbeatInterval
        for connection in self.executorByConnection.keys.sorted() { directives.append(.sendToExecutor(connection, .heartbeat)) }
    }

    /// What the agent tells a master when it re-registers: every framework, every live
    /// executor the master knows of (not those generated for command tasks, nor those that
    /// exited — the master forgets executors an agent does not report), every task.
    public var report: AgentReport {
        var report = AgentReport()
        for (frameworkID, executors) in self.executors.sorted(by: { $0.key < $1.key })
        where !self.removedFrameworks.contains(frameworkID) {
            if let framework = self.frameworks[frameworkID] { report.frameworks.append(framework) }
            for record in executors.values.sorted(by: { $0.executorID < $1.executorID }) {
                if !record.isGeneratedForCommandTask && record.phase != .terminated {
                    report.executors.append(ReportedExecutor(frameworkID: frameworkID, executor: record.spec))
                }
                for task in record.tasks.values.sorted(by: { $0.spec.taskID < $1.spec.taskID }) {
                    report.tasks.append(ReportedTask(frameworkID: frameworkID, spec: task.spec, state: task.state, latestStatus: task.latestStatus))
                }
                for task in record.queuedTasks {
                    report.tasks.append(ReportedTask(frameworkID: frameworkID, spec: task, state: .staging))
                }
            }
        }
        return report
    }
}

/// Frameworks, executors and tasks an agent reports when it (re-)registers.
public struct AgentReport: Hashable, Sendable {
    public var frameworks: [FrameworkDescriptor] = []
    public var executors: [ReportedExecutor] = []
    public var tasks: [ReportedTask] = []
}
