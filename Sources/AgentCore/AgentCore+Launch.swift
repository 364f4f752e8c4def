import AgoraModel

extension AgentCore {
    /// The master asks to launch tasks. Command tasks each get the built-in command
    /// executor (executor ID = task ID); a task group gets the built-in executor as its
    /// default executor; other tasks go to the framework's executor, which is started first
    /// when not running.
    public mutating func runTasks(
        framework: FrameworkDescriptor, executor: ExecutorSpec?, tasks: [TaskSpec], isGroup: Bool, now: MonotonicInstant
    ) -> [AgentDirective] {
        guard let frameworkID = framework.id, !tasks.isEmpty, !self.removedFrameworks.contains(frameworkID) else { return [] }
        self.frameworks[frameworkID] = framework
        var directives: [AgentDirective] = []
        self.checkpointFramework(framework, &directives)
        if isGroup || executor != nil {
            let spec = executor ?? ExecutorSpec(executorID: ExecutorID(tasks[0].taskID.value), kind: .default)
            let kind = ExecutorKind(isCommandExecutor: spec.kind == .default, isGeneratedForCommandTask: false)
            self.deliver(tasks, asGroup: isGroup, to: spec, of: frameworkID, kind: kind, now: now, &directives)
        } else {
            for task in tasks {
                let spec = ExecutorSpec(executorID: task.executorID, kind: .default, hasCommand: true)
                let kind = ExecutorKind(isCommandExecutor: true, isGeneratedForCommandTask: true)
                self.deliver([task], asGroup: false, to: spec, of: frameworkID, kind: kind, now: now, &directives)
            }
        }
        return directives
    }

    /// Which process runs an executor and whether the master knows it.
    struct ExecutorKind {
        var isCommandExecutor: Bool
        var isGeneratedForCommandTask: Bool
    }

    private mutating func deliver(
        _ tasks: [TaskSpec], asGroup: Bool, to spec: ExecutorSpec, of frameworkID: FrameworkID, kind: ExecutorKind,
        now: MonotonicInstant, _ directives: inout [AgentDirective]
    ) {
        guard var record = self.executor(frameworkID, spec.executorID) else {
            self.launchExecutor(spec, for: tasks, asGroup: asGroup, of: frameworkID, kind: kind, now: now, &directives)
            return
        }
        if record.phase == .launching || record.phase == .running { self.checkpointTasks(tasks, in: record, &directives) }
        switch record.phase {
        case .running where record.connection != nil:
            for task in tasks { record.tasks[task.taskID] = AgentTaskRecord(spec: task, state: .staging) }
            let connection = record.connection!
            // The container grows before the executor starts the tasks.
            directives.append(.updateContainer(record.containerID, record.resources))
            directives += asGroup ? [.sendToExecutor(connection, .launchGroup(tasks))] : tasks.map { .sendToExecutor(connection, .launch($0)) }
            self.executors[frameworkID]![spec.executorID] = record
        case .launching, .running:
            // Not subscribed, or its stream is closed for now: the tasks wait for it.
            record.queuedTasks += tasks
            record.queuedAsGroup = record.queuedAsGroup || asGroup
            if record.phase == .running { record.awaitReconnection(now: now, timeout: self.configuration.recoveryTimeout) }
            self.executors[frameworkID]![spec.executorID] = record
            directives.append(.updateContainer(record.containerID, record.resources))
        case .terminating, .terminated:
            for task in tasks {
                self.report(task, .lost, reason: .executorTerminated, message: "Executor is shutting down", of: frameworkID, now: now, &directives)
            }
        }
    }

    private mutating func launchExecutor(
        _ spec: ExecutorSpec, for tasks: [TaskSpec], asGroup: Bool, of frameworkID: FrameworkID, kind: ExecutorKind,
        now: MonotonicInstant, _ directives: inout [AgentDirective]
    ) {
        let containerID = self.newContainerID()
        let sandbox = self.sandbox(frameworkID: frameworkID, executorID: spec.executorID, containerID: containerID)
        var record = ExecutorRecord(
            frameworkID: frameworkID, spec: spec, containerID: containerID, sandbox: sandbox,
            isCommandExecutor: kind.isCommandExecutor, isGeneratedForCommandTask: kind.isGeneratedForCommandTask, phase: .launching)
        record.queuedTasks = tasks
        record.queuedAsGroup = asGroup
        record.deadline = now + self.configuration.executorRegistrationTimeout
        self.executors[frameworkID, default: [:]][spec.executorID] = record
        self.executorByContainer[containerID] = (frameworkID, spec.executorID)
        self.checkpointExecutor(record, &directives)
        self.checkpointTasks(tasks, in: record, &directives)
        let framework = self.frameworks[frameworkID]
        directives.append(.launchExecutor(ExecutorLaunch(
            frameworkID: frameworkID, executor: spec, containerID: containerID, sandbox: sandbox,
            isCommandExecutor: kind.isCommandExecutor, tasks: tasks,
            environment: self.environment(for: record, checkpoint: framework?.checkpoint ?? false),
            user: framework?.user ?? "", checkpoint: framework?.checkpoint ?? false)))
    }
}
