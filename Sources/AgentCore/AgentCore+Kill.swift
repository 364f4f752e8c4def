import AgoraModel

extension AgentCore {
    /// KILL from the master. A task not yet handed to its executor is killed here; one the
    /// executor runs is killed by the executor — at once when its stream is open, else as
    /// soon as it reconnects. An executor that stays away past the recovery timeout is
    /// destroyed, and its killed tasks end TASK_KILLED. Only a task the agent does not
    /// know is reported lost.
    public mutating func killTask(
        _ taskID: TaskID, of frameworkID: FrameworkID, killGracePeriod: Duration?, now: MonotonicInstant
    ) -> [AgentDirective] {
        var directives: [AgentDirective] = []
        for (executorID, var record) in (self.executors[frameworkID] ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let index = record.queuedTasks.firstIndex(where: { $0.taskID == taskID }) {
                let task = record.queuedTasks.remove(at: index)
                self.executors[frameworkID]![executorID] = record
                self.report(task, .killed, reason: .taskKilledDuringLaunch, message: "Killed before delivery to the executor",
                            of: frameworkID, now: now, &directives)
                if record.queuedTasks.isEmpty && record.tasks.isEmpty { directives += self.destroy(frameworkID, executorID, now: now) }
                return directives
            }
            guard let task = record.tasks[taskID] else { continue }
            if !task.state.isTerminal { record.killRequested[taskID] = .some(killGracePeriod) }
            switch record.phase {
            case .running where record.connection != nil:
                directives.append(.sendToExecutor(record.connection!, .kill(taskID, killGracePeriod: killGracePeriod)))
            case .running, .launching:
                if !task.state.isTerminal { record.awaitReconnection(now: now, timeout: self.configuration.recoveryTimeout) }
            case .terminating, .terminated:
                // Already on its way out; its end reports the task killed.
                break
            }
            self.executors[frameworkID]![executorID] = record
            return directives
        }
        let spec = TaskSpec(taskID: taskID, name: taskID.value, agentID: self.agentID ?? "", resources: Resources())
        let partitionAware = self.frameworks[frameworkID]?.isPartitionAware ?? false
        self.report(spec, partitionAware ? .dropped : .lost, reason: .taskUnknown, message: "Cannot find the task to kill",
                    of: frameworkID, now: now, &directives)
        return directives
    }

    /// Destroys executors that stayed disconnected past the recovery timeout with kills or
    /// tasks waiting for them.
    mutating func destroyUnreconnected(now: MonotonicInstant, _ directives: inout [AgentDirective]) {
        for (frameworkID, executors) in self.executors.sorted(by: { $0.key < $1.key }) {
            for (executorID, record) in executors.sorted(by: { $0.key < $1.key }) {
                guard let deadline = record.reconnectDeadline, deadline <= now, record.connection == nil else { continue }
                self.executors[frameworkID]![executorID]!.reconnectDeadline = nil
                self.executors[frameworkID]![executorID]!.reconnectTimedOut = true
                directives += self.destroy(frameworkID, executorID, now: now)
            }
        }
    }
}

extension ExecutorRecord {
    /// Something waits for this disconnected executor: give it until the recovery timeout.
    mutating func awaitReconnection(now: MonotonicInstant, timeout: Duration) {
        if self.reconnectDeadline == nil { self.reconnectDeadline = now + timeout }
    }

    /// The executor is back: every kill of a task it has not ended goes (again), after
    /// SUBSCRIBED and any launch.
    mutating func resendKills() -> [ExecutorEvent] {
        self.reconnectDeadline = nil
        return self.killRequested.filter { self.tasks[$0.key].map { !$0.state.isTerminal } ?? false }
            .sorted { $0.key < $1.key }
            .map { .kill($0.key, killGracePeriod: $0.value) }
    }

    /// Tasks with a kill requested that have not ended yet.
    public var pendingKills: [TaskID] {
        self.killRequested.keys.filter { self.tasks[$0].map { !$0.state.isTerminal } ?? false }.sorted()
    }
}
