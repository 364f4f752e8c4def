import AgoraModel

extension AgentCore {
    /// Whether the framework asked for its executors and tasks to survive agent restarts.
    func checkpoints(_ frameworkID: FrameworkID) -> Bool {
        self.frameworks[frameworkID]?.checkpoint ?? false
    }

    /// Where a task lives (its executor run), if the agent has it.
    func location(of taskID: TaskID, in frameworkID: FrameworkID) -> TaskLocation? {
        for (executorID, record) in self.executors[frameworkID] ?? [:]
        where record.tasks[taskID] != nil || record.queuedTasks.contains(where: { $0.taskID == taskID }) {
            return TaskLocation(frameworkID: frameworkID, executorID: executorID, containerID: record.containerID, taskID: taskID)
        }
        return nil
    }

    /// The agent's identity, written whenever it changes (registration, a new address).
    mutating func checkpointAgent(_ directives: inout [AgentDirective]) {
        guard self.checkpointedAgent != self.agent else { return }
        self.checkpointedAgent = self.agent
        directives.append(.checkpoint(.agent(self.agent)))
    }

    /// A checkpointing framework's description, written when new or changed.
    mutating func checkpointFramework(_ framework: FrameworkDescriptor, _ directives: inout [AgentDirective]) {
        guard let id = framework.id, framework.checkpoint, self.checkpointedFrameworks[id] != framework else { return }
        self.checkpointedFrameworks[id] = framework
        directives.append(.checkpoint(.framework(framework)))
    }

    /// The checkpoint of a new executor run, for a checkpointing framework.
    func checkpointExecutor(_ record: ExecutorRecord, _ directives: inout [AgentDirective]) {
        guard self.checkpoints(record.frameworkID) else { return }
        directives.append(.checkpoint(.executor(ExecutorCheckpoint(
            frameworkID: record.frameworkID, spec: record.spec, containerID: record.containerID, sandbox: record.sandbox,
            isCommandExecutor: record.isCommandExecutor, isGeneratedForCommandTask: record.isGeneratedForCommandTask))))
    }

    /// The checkpoint of tasks handed to (or queued for) an executor run.
    func checkpointTasks(_ tasks: [TaskSpec], in record: ExecutorRecord, _ directives: inout [AgentDirective]) {
        guard self.checkpoints(record.frameworkID) else { return }
        for task in tasks {
            let location = TaskLocation(
                frameworkID: record.frameworkID, executorID: record.executorID, containerID: record.containerID, taskID: task.taskID)
            directives.append(.checkpoint(.task(location, task)))
        }
    }

    /// An update taken into its stream is written before it is acknowledged to anyone.
    mutating func checkpointUpdate(_ update: StatusUpdate, _ directives: inout [AgentDirective]) {
        let frameworkID = update.frameworkID
        guard let location = self.location(of: update.status.taskID, in: frameworkID) else { return }
        if let uuid = update.status.uuid {
            self.executors[frameworkID]![location.executorID]!.tasks[location.taskID]?.updateUUIDs.insert(uuid)
        }
        guard self.checkpoints(frameworkID) else { return }
        directives.append(.checkpoint(.update(location, update)))
    }

    /// A framework's acknowledgement is written before the stream moves on.
    func checkpointAcknowledgement(_ taskID: TaskID, uuid: [UInt8], of frameworkID: FrameworkID, _ directives: inout [AgentDirective]) {
        guard self.checkpoints(frameworkID), let location = self.location(of: taskID, in: frameworkID) else { return }
        directives.append(.checkpoint(.acknowledgement(location, uuid: uuid)))
    }
}
