import AgoraModel

extension AgentCore {
    /// An executor subscribed on `connection`. It receives SUBSCRIBED, then every task
    /// queued for it and the kill of every task it was asked to kill and has not ended.
    /// A re-subscription (after a broken stream, or an agent restart) names the tasks the
    /// executor holds without an acknowledged update — they are not launched again — and
    /// resends the updates it never saw acknowledged.
    public mutating func executorSubscribed(
        _ executorID: ExecutorID, of frameworkID: FrameworkID, connection: ConnectionID,
        unacknowledgedTasks: [TaskID] = [], unacknowledgedUpdates: [TaskStatus] = [], now: MonotonicInstant
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
        let held = Set(unacknowledgedTasks)
        for task in record.queuedTasks where held.contains(task.taskID) {
            record.tasks[task.taskID] = AgentTaskRecord(spec: task, state: .staging)
        }
        let queued = record.queuedTasks.filter { !held.contains($0.taskID) }
        for task in queued { record.tasks[task.taskID] = AgentTaskRecord(spec: task, state: .staging) }
        if !queued.isEmpty {
            directives += record.queuedAsGroup ? [.sendToExecutor(connection, .launchGroup(queued))]
                : queued.map { .sendToExecutor(connection, .launch($0)) }
        }
        record.queuedTasks = []
        directives += record.resendKills().map { .sendToExecutor(connection, $0) }
        self.executors[frameworkID]![executorID] = record
        for status in unacknowledgedUpdates {
            directives += self.executorUpdate(status, from: executorID, of: frameworkID, now: now).1
        }
        return (.accepted, directives)
    }

    /// A status update from an executor: taken into the task's reliable stream, and
    /// acknowledged to the executor at once (the agent now owns its delivery). Updates of a
    /// framework the master removed are acknowledged and dropped.
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
        if record.tasks[status.taskID]?.updateUUIDs.contains(uuid) == true {
            // Taken before (the executor resent what it never saw acknowledged).
            return (.accepted, [.sendToExecutor(connection, .acknowledged(status.taskID, uuid: uuid))])
        }
        var stamped = status
        stamped.source = .executor
        stamped.agentID = self.agentID
        stamped.executorID = executorID
        if status.state == .failed, !record.limitations.isEmpty {
            // The task died of a limit its container hit: say so, as Mesos does.
            let limitation = record.limitations.removeFirst()
            stamped.reason = limitation.reason
            stamped.message = limitation.message + (status.message.map { " (\($0))" } ?? "")
            self.executors[frameworkID]![executorID] = record
        }
        if var task = record.tasks[status.taskID] {
            task.state = status.state
            task.latestStatus = stamped
            record.tasks[status.taskID] = task
            self.executors[frameworkID]![executorID] = record
        }
        var directives: [AgentDirective] = []
        if !self.removedFrameworks.contains(frameworkID) {
            directives += self.enqueue(StatusUpdate(frameworkID: frameworkID, status: stamped), now: now)
        }
        directives.append(.sendToExecutor(connection, .acknowledged(status.taskID, uuid: uuid)))
        return (.accepted, directives)
    }

    /// A message from an executor to its framework, relayed through the master.
    public mutating func executorMessage(
        _ data: [UInt8], from executorID: ExecutorID, of frameworkID: FrameworkID, now: MonotonicInstant
    ) -> (ExecutorCallResult, [AgentDirective]) {
        guard let record = self.executor(frameworkID, executorID) else { return (.badRequest("Executor cannot be found"), []) }
        guard record.connection != nil else { return (.forbidden("Executor is not subscribed"), []) }
        guard !self.removedFrameworks.contains(frameworkID) else { return (.accepted, []) }
        return (.accepted, self.post(.message(frameworkID, executorID, data: data), now: now))
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

    /// A launch could not be written to the executor's stream (the shell could not encode
    /// it): its tasks fail with the reason instead of waiting forever.
    public mutating func launchUndeliverable(
        _ taskIDs: [TaskID], on connection: ConnectionID, message: String, now: MonotonicInstant
    ) -> [AgentDirective] {
        guard let (frameworkID, executorID) = self.executorByConnection[connection],
            var record = self.executor(frameworkID, executorID)
        else { return [] }
        var directives: [AgentDirective] = []
        for taskID in taskIDs {
            guard let task = record.tasks[taskID], !task.state.isTerminal else { continue }
            record.tasks[taskID]!.state = .failed
            self.report(task.spec, .failed, reason: .taskInvalid, message: "Cannot hand the task to its executor: \(message)",
                        of: frameworkID, now: now, &directives)
        }
        self.executors[frameworkID]![executorID] = record
        return directives
    }

    /// The container hit a limit (the shell saw the kernel's OOM killer act in it): the
    /// next task of it to fail, or to be left unfinished when it ends, says why.
    public mutating func containerLimited(_ containerID: ContainerID, _ limitation: ContainerLimitation) {
        guard let (frameworkID, executorID) = self.executorByContainer[containerID] else { return }
        self.executors[frameworkID]?[executorID]?.limitations.append(limitation)
    }

    /// The executor's process started (after its URIs were fetched): its registration
    /// timeout counts from now.
    public mutating func executorStarted(_ containerID: ContainerID, now: MonotonicInstant) {
        guard let (frameworkID, executorID) = self.executorByContainer[containerID],
            self.executors[frameworkID]?[executorID]?.phase == .launching
        else { return }
        self.executors[frameworkID]![executorID]!.deadline = now + self.configuration.executorRegistrationTimeout
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
}
