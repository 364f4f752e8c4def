import AgoraModel

extension AgentCore {
    /// The executor's process is gone. Tasks it had not finished end: TASK_KILLED if the
    /// framework asked to kill them, else TASK_FAILED under the built-in executor and
    /// TASK_GONE (TASK_LOST if not partition-aware) under a framework's own. Every executor
    /// the master knows (all but the one generated for a command task) is reported exited.
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
        let message = record.recovered && waitStatus == nil
            ? "exited (the agent restarted since it started it, so its exit status is unknown)" : Self.describe(waitStatus)
        let (reason, why) = record.registrationTimedOut
            ? (TaskStatusReason.executorRegistrationTimeout, "Executor did not register in time")
            : (.executorTerminated, "Executor terminated before the task started: \(message)")
        let unstarted = self.lostState(under: record)
        for task in record.queuedTasks {
            self.report(task, unstarted, reason: reason, message: why, of: frameworkID, now: now, &directives)
        }
        record.queuedTasks = []
        for (taskID, task) in record.tasks.sorted(by: { $0.key < $1.key }) where !task.state.isTerminal {
            var (state, reason, text) = self.ending(of: taskID, in: record, exit: message)
            if !record.limitations.isEmpty {
                let limitation = record.limitations.removeFirst()
                (state, reason, text) = (.failed, limitation.reason, limitation.message)
            }
            record.tasks[taskID]!.state = state
            self.report(task.spec, state, reason: reason, message: text, of: frameworkID, now: now, &directives)
        }
        record.phase = .terminated
        record.deadline = nil
        record.reconnectDeadline = nil
        self.executors[frameworkID]![executorID] = record
        if !record.isGeneratedForCommandTask && !self.removedFrameworks.contains(frameworkID) {
            directives += self.post(.executorExited(frameworkID, executorID, status: waitStatus), now: now)
        }
        self.retireIfDone(frameworkID, executorID, &directives)
        return directives
    }

    /// How a task the executor left unfinished ends.
    private func ending(of taskID: TaskID, in record: ExecutorRecord, exit: String) -> (TaskState, TaskStatusReason, String) {
        if record.killRequested[taskID] != nil {
            if record.reconnectTimedOut {
                let timeout = Self.stoutDuration(self.configuration.recoveryTimeout)
                return (.killed, .executorReregistrationTimeout,
                        "Killed: the executor did not reconnect within \(timeout), so its container was destroyed")
            }
            return (.killed, .executorTerminated, "Killed: the executor \(exit)")
        }
        if record.reconnectTimedOut {
            let timeout = Self.stoutDuration(self.configuration.recoveryTimeout)
            return (self.lostState(under: record), .executorReregistrationTimeout,
                    "The executor did not reconnect within \(timeout), so its container was destroyed")
        }
        return (self.lostState(under: record), .executorTerminated, "Executor terminated: \(exit)")
    }

    /// TASK_FAILED under the built-in executor, TASK_GONE (or TASK_LOST) under another.
    private func lostState(under record: ExecutorRecord) -> TaskState {
        let partitionAware = self.frameworks[record.frameworkID]?.isPartitionAware ?? false
        return record.isCommandExecutor ? .failed : TaskState.gone.visible(toPartitionAware: partitionAware)
    }

    /// "exited with status 3", "terminated by signal 9 (Killed)".
    static func describe(_ waitStatus: Int32?) -> String {
        guard let status = waitStatus else { return "unknown status" }
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "terminated by signal \(signal)"
    }
}
