import AgoraModel

extension AgentCore {
    /// The master accepted the (re-)registration: remember the ID and resend every status
    /// update still waiting for acknowledgement.
    public mutating func registered(as agentID: AgentID, heartbeatInterval: Duration, now: MonotonicInstant) -> [AgentDirective] {
        self.link = .registered(agentID)
        self.agent.id = agentID
        self.masterHeartbeatInterval = heartbeatInterval
        self.nextMasterHeartbeat = now + heartbeatInterval
        return self.updates.due(now: now, all: true).map { .sendToMaster(.update($0)) }
    }

    /// The master's stream broke; updates wait until the agent is registered again.
    public mutating func masterDisconnected() {
        self.link = .disconnected
    }

    /// The master asks to launch tasks. Command tasks each get the built-in command
    /// executor (executor ID = task ID); other tasks go to the framework's executor, which
    /// is started first when not running.
    public mutating func runTasks(
        framework: FrameworkDescriptor, executor: ExecutorSpec?, tasks: [TaskSpec], isGroup: Bool, now: MonotonicInstant
    ) -> [AgentDirective] {
        guard let frameworkID = framework.id, !tasks.isEmpty else { return [] }
        self.frameworks[frameworkID] = framework
        var directives: [AgentDirective] = []
        if isGroup || executor != nil {
            let spec = executor ?? ExecutorSpec(executorID: ExecutorID(tasks[0].taskID.value), kind: .default)
            self.deliver(tasks, asGroup: isGroup, to: spec, of: frameworkID, commandExecutor: spec.kind == .default, now: now, &directives)
        } else {
            for task in tasks {
                let spec = ExecutorSpec(executorID: task.executorID, kind: .default, hasCommand: true)
                self.deliver([task], asGroup: false, to: spec, of: frameworkID, commandExecutor: true, now: now, &directives)
            }
        }
        return directives
    }

    private mutating func deliver(
        _ tasks: [TaskSpec], asGroup: Bool, to spec: ExecutorSpec, of frameworkID: FrameworkID, commandExecutor: Bool,
        now: MonotonicInstant, _ directives: inout [AgentDirective]
    ) {
        if var record = self.executor(frameworkID, spec.executorID) {
            switch record.phase {
            case .running:
                guard let connection = record.connection else { break }
                for task in tasks { record.tasks[task.taskID] = AgentTaskRecord(spec: task, state: .staging) }
                directives += asGroup ? [.sendToExecutor(connection, .launchGroup(tasks))]
                    : tasks.map { .sendToExecutor(connection, .launch($0)) }
                self.executors[frameworkID]![spec.executorID] = record
                return
            case .launching:
                record.queuedTasks += tasks
                record.queuedAsGroup = record.queuedAsGroup || asGroup
                self.executors[frameworkID]![spec.executorID] = record
                return
            case .terminating, .terminated:
                for task in tasks {
                    self.report(task, .lost, reason: .executorTerminated, message: "Executor is shutting down", of: frameworkID, now: now, &directives)
                }
                return
            }
        }
        self.launchExecutor(spec, for: tasks, asGroup: asGroup, of: frameworkID, commandExecutor: commandExecutor, now: now, &directives)
    }

    private mutating func launchExecutor(
        _ spec: ExecutorSpec, for tasks: [TaskSpec], asGroup: Bool, of frameworkID: FrameworkID, commandExecutor: Bool,
        now: MonotonicInstant, _ directives: inout [AgentDirective]
    ) {
        let containerID = self.newContainerID()
        let sandbox = self.sandbox(frameworkID: frameworkID, executorID: spec.executorID, containerID: containerID)
        var record = ExecutorRecord(
            frameworkID: frameworkID, spec: spec, containerID: containerID, sandbox: sandbox,
            isCommandExecutor: commandExecutor, phase: .launching)
        record.queuedTasks = tasks
        record.queuedAsGroup = asGroup
        record.deadline = now + self.configuration.executorRegistrationTimeout
        self.executors[frameworkID, default: [:]][spec.executorID] = record
        self.executorByContainer[containerID] = (frameworkID, spec.executorID)
        let framework = self.frameworks[frameworkID]
        directives.append(.launchExecutor(ExecutorLaunch(
            frameworkID: frameworkID, executor: spec, containerID: containerID, sandbox: sandbox,
            isCommandExecutor: commandExecutor,
            environment: self.environment(for: record, checkpoint: framework?.checkpoint ?? false),
            user: framework?.user ?? "")))
    }

    /// KILL from the master: tasks not yet handed to an executor are killed here; others
    /// are forwarded to their executor.
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
            if record.tasks[taskID] != nil, let connection = record.connection {
                return [.sendToExecutor(connection, .kill(taskID, killGracePeriod: killGracePeriod))]
            }
        }
        let spec = TaskSpec(taskID: taskID, name: taskID.value, agentID: self.agentID ?? "", resources: Resources())
        let partitionAware = self.frameworks[frameworkID]?.isPartitionAware ?? false
        self.report(spec, partitionAware ? .dropped : .lost, reason: .taskUnknown, message: "Cannot find the task to kill",
                    of: frameworkID, now: now, &directives)
        return directives
    }

    /// Asks an executor to shut down; it is destroyed if it lingers past the grace period.
    public mutating func shutdownExecutor(_ executorID: ExecutorID, of frameworkID: FrameworkID, now: MonotonicInstant) -> [AgentDirective] {
        guard var record = self.executor(frameworkID, executorID) else { return [] }
        switch record.phase {
        case .launching:
            return self.destroy(frameworkID, executorID, now: now)
        case .running:
            record.phase = .terminating
            record.deadline = now + self.configuration.executorShutdownGracePeriod
            self.executors[frameworkID]![executorID] = record
            return record.connection.map { [.sendToExecutor($0, .shutdown)] } ?? []
        case .terminating, .terminated:
            return []
        }
    }

    /// Shuts down every executor of a framework.
    public mutating func shutdownFramework(_ frameworkID: FrameworkID, now: MonotonicInstant) -> [AgentDirective] {
        let executorIDs = (self.executors[frameworkID] ?? [:]).keys.sorted()
        return executorIDs.flatMap { self.shutdownExecutor($0, of: frameworkID, now: now) }
    }

    /// The framework acknowledged an update: the stream moves on, and the executor hears
    /// nothing (it was acknowledged when the agent took the update).
    public mutating func acknowledge(_ taskID: TaskID, uuid: [UInt8], of frameworkID: FrameworkID, now: MonotonicInstant) -> [AgentDirective] {
        let key = StatusUpdateStreams.Key(frameworkID: frameworkID, taskID: taskID)
        guard case .acknowledged(let next, let state) = self.updates.acknowledge(key, uuid: uuid, now: now, canSend: self.isRegistered)
        else { return [] }
        var directives: [AgentDirective] = next.map { [.sendToMaster(.update($0))] } ?? []
        if state.isTerminal && self.updates.pending(key).isEmpty {
            directives += self.forget(taskID, of: frameworkID, now: now)
        }
        return directives
    }

    /// A message from the framework to one of its executors.
    public func frameworkMessage(_ data: [UInt8], to executorID: ExecutorID, of frameworkID: FrameworkID) -> [AgentDirective] {
        guard let connection = self.executor(frameworkID, executorID)?.connection else { return [] }
        return [.sendToExecutor(connection, .message(data))]
    }
}
