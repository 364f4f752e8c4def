import AgoraModel

extension AgentCore {
    /// An agent restarted on its checkpoint (Mesos `--recover=reconnect`). It keeps its
    /// ID; every recovered executor is disconnected and has `recoveryTimeout` to
    /// re-subscribe before its container is destroyed; every unacknowledged update waits
    /// to be sent once the agent registers. Executors whose process is gone end with
    /// `recoveredExecutorsGone`.
    public init(recovering state: RecoveredState, configuration: AgentConfiguration, seed: UInt64, now: MonotonicInstant) {
        self.init(configuration: configuration, agent: state.agent, seed: seed)
        self.checkpointedAgent = state.agent
        for framework in state.frameworks {
            guard let id = framework.id else { continue }
            self.frameworks[id] = framework
            self.checkpointedFrameworks[id] = framework
        }
        for executor in state.executors where self.frameworks[executor.checkpoint.frameworkID] != nil {
            self.recover(executor, now: now)
        }
    }

    /// The recovered executors whose process did not survive: their tasks end as if the
    /// executor had just exited (the updates go once the agent registers).
    public mutating func recoveredExecutorsGone(_ containers: [ContainerID], now: MonotonicInstant) -> [AgentDirective] {
        containers.flatMap { self.containerExited($0, waitStatus: nil, now: now) }
    }

    private mutating func recover(_ executor: RecoveredExecutor, now: MonotonicInstant) {
        let checkpoint = executor.checkpoint
        let frameworkID = checkpoint.frameworkID
        var record = ExecutorRecord(
            frameworkID: frameworkID, spec: checkpoint.spec, containerID: checkpoint.containerID, sandbox: checkpoint.sandbox,
            isCommandExecutor: checkpoint.isCommandExecutor, isGeneratedForCommandTask: checkpoint.isGeneratedForCommandTask,
            phase: .running)
        record.recovered = true
        for task in executor.tasks { self.recover(task, into: &record) }
        // Done with before the restart: nothing to wait for or to tell.
        guard !record.tasks.isEmpty || !record.queuedTasks.isEmpty || executor.isAlive else { return }
        record.awaitReconnection(now: now, timeout: self.configuration.recoveryTimeout)
        self.executors[frameworkID, default: [:]][record.executorID] = record
        self.executorByContainer[record.containerID] = (frameworkID, record.executorID)
    }

    /// A task's updates replayed: the unacknowledged ones form its stream again; a task
    /// whose terminal update was acknowledged is over; one without any update may never
    /// have reached its executor, which says so when it re-subscribes.
    private mutating func recover(_ task: RecoveredTask, into record: inout ExecutorRecord) {
        guard let last = task.updates.last else {
            record.queuedTasks.append(task.spec)
            return
        }
        let pending = task.updates.filter { !task.acknowledged.contains($0.status.uuid ?? []) }
        if last.status.state.isTerminal && pending.isEmpty { return }
        var recovered = AgentTaskRecord(spec: task.spec, state: last.status.state, latestStatus: last.status)
        recovered.updateUUIDs = Set(task.updates.compactMap(\.status.uuid))
        record.tasks[task.spec.taskID] = recovered
        let key = StatusUpdateStreams.Key(frameworkID: record.frameworkID, taskID: task.spec.taskID)
        self.updates.restore(key, pending: pending)
    }
}
