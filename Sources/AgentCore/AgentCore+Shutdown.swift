import AgoraModel

extension AgentCore {
    /// Asks an executor to shut down; it is destroyed if it lingers past the grace period.
    public mutating func shutdownExecutor(_ executorID: ExecutorID, of frameworkID: FrameworkID, now: MonotonicInstant) -> [AgentDirective] {
        guard var record = self.executor(frameworkID, executorID) else { return [] }
        switch record.phase {
        case .launching:
            return self.destroy(frameworkID, executorID, now: now)
        case .running:
            record.phase = .terminating
            record.deadline = now + self.configuration.executorShutdownGracePeriod
            record.reconnectDeadline = nil
            self.executors[frameworkID]![executorID] = record
            return record.connection.map { [.sendToExecutor($0, .shutdown)] } ?? []
        case .terminating, .terminated:
            return []
        }
    }

    /// The master removed the framework (torn down, or its failover timeout passed): every
    /// executor of it shuts down, and its status updates — waiting or still to come — are
    /// dropped, since no scheduler will ever acknowledge them. Its executors leave once
    /// their processes are gone.
    public mutating func shutdownFramework(_ frameworkID: FrameworkID, now: MonotonicInstant) -> [AgentDirective] {
        self.removedFrameworks.insert(frameworkID)
        self.updates.drop(frameworkID: frameworkID)
        self.outbox.drop(frameworkID: frameworkID)
        let executorIDs = (self.executors[frameworkID] ?? [:]).keys.sorted()
        var directives: [AgentDirective] = []
        for executorID in executorIDs {
            directives += self.shutdownExecutor(executorID, of: frameworkID, now: now)
            self.retireIfDone(frameworkID, executorID, &directives)
        }
        if self.executors[frameworkID] == nil { self.frameworks[frameworkID] = nil }
        return directives
    }
}
