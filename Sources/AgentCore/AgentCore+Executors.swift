import AgoraModel

extension AgentCore {
    /// An executor subscribed on `connection`. It receives SUBSCRIBED and then every task
    /// queued for it. A re-subscription after a broken stream resends unacknowledged updates.
    public mutating func executorSubscribed(
        _ executorID: ExecutorID, of frameworkID: FrameworkID, connection: ConnectionID,
        unacknowledgedUpdates: [TaskStatus] = [], now: MonotonicInstant
    ) -> (ExecutorCallResult, [AgentDirective]) {
        guard let framework = self.frameworks[frameworkID] else { return (.badRequest("Framework cannot be found"), []) }
        guard var record = self.executor(frameworkID, executorID) else { return (.badRequest("Executor cannot be found"), []) }
        guard record.phase == .launching || record.phase == .running else {
            return (.forbidden("Executor is terminating"), [])
        }
        var directives: [AgentDirective] = []
        if let old = record.connection, old != connection {
            directives.append(.closeExecutorStream(old))
            self.executorByConnection[old] = nil
        }
        record.connection = connection
        record.phase = .running
        record.deadline = nil
        self.executorByConnection[connection] = (frameworkID, executorID)
        directives.append(.sendToExecutor(connection, .subscribed(
            executor: record.spec, framework: framework, agentID: self.agentID ?? "", containerID: record.containerID)))
        let queued = record.queuedTasks
        for task in queued { record.tasks[task.taskID] = AgentTaskRecord(spec: task, state: .staging) }
        if !queued.isEmpty {
            directives += record.queuedAsGroup ? [.sendToExecutor(connection, .launchGroup(queued))]
                : queued.map { .sendToExecutor(connection, .launch($0)) }
        }
        record.queuedTasks = []
        self.executors[frameworkID]![executorID] = record
        for status in unacknowledgedUpdates {
            directives += self.executorUpdate(status, from: executorID, of: frameworkID, now: now).1
        }
        return (.accepted, directives)
    }

    /// A status update from an executor: taken into the task's reliable stream, and
    /// acknowledged to the executor at once (the agent now owns its delivery).
    public mutating func executorUpdate(
        _ status: TaskStatus, from executorID: ExecutorID, of frameworkID: FrameworkID, now: MonotonicInstant
    ) -> (ExecutorCallResult, [AgentDirective]) {
        guard var record = self.executor(frameworkID, executorID) else { return (.badRequest("Executor cannot be found"), []) }
        guard let connection = record.connection, record.phase != .launching else {
            return (.forbidden("Executor is not subscribed"), [])
        }
        guard let uuid = status.uuid, uuid.count == 16 else {
            return (.badRequest("Failed to validate executor::Call: 'status.uuid' must be 16 bytes"), [])
        }
        guard status.source == nil || status.source == .executor else {
            return (.badRequest("Failed to validate executor::Call: 'status.source' must be SOURCE_EXECUTOR"), [])
        }
        var stamped = status
        stamped.source = .executor
        stamped.agentID = self.agentID
        stamped.executorID = executorID
        if var task = record.tasks[status.taskID] {
            task.state = status.state
            task.latestStatus = stamped
            record.tasks[status.taskID] = task
            self.executors[frameworkID]![executorID] = record
        }
        var directives = self.enqueue(StatusUpdate(frameworkID: frameworkID, status: stamped), now: now)
        directives.append(.sendToExecutor(connection, .acknowledged(status.taskID, uuid: uuid)))
        return (.accepted, directives)
    }

    /// A message from an executor to its framework, relayed through the master.
    public func executorMessage(_ data: [UInt8], from executorID: ExecutorID, of frameworkID: FrameworkID) -> (ExecutorCallResult, [AgentDirective]) {
        guard let record = self.executor(frameworkID, executorID) else { return (.badRequest("Executor cannot be found"), []) }
        guard record.connection != nil else { return (.forbidden("Executor is not subscribed"), []) }
        return (.accepted, [.sendToMaster(.message(frameworkID, executorID, data: data))])
    }

    /// Validates an executor's non-SUBSCRIBE call target.
    public func checkExecutor(_ executorID: ExecutorID, of frameworkID: FrameworkID) -> ExecutorCallResult {
        guard self.frameworks[frameworkID] != nil else { return .badRequest("Framework cannot be found") }
        guard let record = self.executor(frameworkID, executorID) else { return .badRequest("Executor cannot be found") }
        return record.connection == nil ? .forbidden("Executor is not subscribed") : .accepted
    }

    /// The executor's stream closed; the process may be exiting or may re-subscribe.
    public mutating func executorStreamClosed(_ connection: ConnectionID) {
        guard let (frameworkID, executorID) = self.executorByConnection.removeValue(forKey: connection) else { return }
        if self.executors[frameworkID]?[executorID]?.connection == connection {
            self.executors[frameworkID]![executorID]!.connection = nil
        }
    }

    /// The executor's process is gone. Tasks it had not finished end: TASK_FAILED under the
    /// command executor, TASK_GONE (TASK_LOST if not partition-aware) under a custom one,
    /// whose exit the master also hears about (Mesos sends no exit for command executors).
    public mutating func containerExited(_ containerID: ContainerID, waitStatus: Int32?, now: MonotonicInstant) -> [AgentDirective] {
        guard let (frameworkID, executorID) = self.executorByContainer.removeValue(forKey: containerID),
            var record = self.executor(frameworkID, executorID)
        else { return [] }
        var directives: [AgentDirective] = []
        if let connection = record.connection {
            directives.append(.closeExecutorStream(connection))
            self.executorByConnection[connection] = nil
            record.connection = nil
        }
        let partitionAware = self.frameworks[frameworkID]?.isPartitionAware ?? false
        let lost: TaskState = record.isCommandExecutor ? .failed : TaskState.gone.visible(toPartitionAware: partitionAware)
        let message = Self.describe(waitStatus)
        let (reason, why) = record.registrationTimedOut
            ? (TaskStatusReason.executorRegistrationTimeout, "Executor did not register in time")
            : (.executorTerminated, "Executor terminated before the task started: \(message)")
        for task in record.queuedTasks {
            self.report(task, lost, reason: reason, message: why, of: frameworkID, now: now, &directives)
        }
        record.queuedTasks = []
        for (taskID, task) in record.tasks.sorted(by: { $0.key < $1.key }) where !task.state.isTerminal {
            record.tasks[taskID]!.state = lost
            self.report(task.spec, lost, reason: .executorTerminated, message: "Executor terminated: \(message)",
                        of: frameworkID, now: now, &directives)
        }
        record.phase = .terminated
        record.deadline = nil
        self.executors[frameworkID]![executorID] = record
        if !record.isCommandExecutor {
            directives.append(.sendToMaster(.executorExited(frameworkID, executorID, status: waitStatus)))
        }
        self.retireIfDone(frameworkID, executorID)
        return directives
    }

    /// The executor's process could not be started.
    public mutating func launchFailed(_ containerID: ContainerID, message: String, now: MonotonicInstant) -> [AgentDirective] {
        guard let (frameworkID, executorID) = self.executorByContainer[containerID],
            var record = self.executor(frameworkID, executorID)
        else { return [] }
        var directives: [AgentDirective] = []
        for task in record.queuedTasks {
            self.report(task, .failed, reason: .containerLaunchFailed, message: "Failed to launch the executor: \(message)",
                        of: frameworkID, now: now, &directives)
        }
        record.queuedTasks = []
        self.executors[frameworkID]![executorID] = record
        return directives + self.containerExited(containerID, waitStatus: nil, now: now)
    }

    /// "exited with status 3", "terminated by signal 9 (Killed)".
    static func describe(_ waitStatus: Int32?) -> String {
        guard let status = waitStatus else { return "unknown status" }
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "terminated by signal \(signal)"
    }
}
