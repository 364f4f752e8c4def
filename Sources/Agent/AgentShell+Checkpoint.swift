import AgentCore
import AgoraModel
import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

extension AgentShell {
    /// Writes a checkpoint change before anything after it happens. An agent that cannot
    /// checkpoint cannot keep its promises across a restart, so it stops (as Mesos's
    /// agent aborts): its executors keep running, and the next agent recovers them from
    /// the last change that was written.
    func checkpoint(_ change: CheckpointChange) {
        do {
            try self.store.write(change)
        } catch {
            self.logger.critical("cannot write the checkpoint; stopping the agent", metadata: ["error": "\(error)"])
            exit(70)
        }
    }

    /// Records the process of a checkpointing framework's executor.
    func checkpointProcess(_ pid: pid_t, of launch: ExecutorLaunch) {
        guard launch.checkpoint, let identity = ProcessIdentity.of(pid) else { return }
        do {
            try self.store.writeProcess(
                identity, frameworkID: launch.frameworkID, executorID: launch.executor.executorID, containerID: launch.containerID)
        } catch {
            self.logger.critical("cannot write the checkpoint; stopping the agent", metadata: ["error": "\(error)"])
            exit(70)
        }
    }

    /// Re-adopts the executors that survived the agent's restart and ends the runs whose
    /// process is gone.
    func adopt(_ runs: [CheckpointedRun]) {
        var gone: [ContainerID] = []
        for run in runs where self.core.executorByContainerID(run.executor.checkpoint.containerID) != nil {
            let containerID = run.executor.checkpoint.containerID
            guard run.executor.isAlive, let process = run.process else {
                gone.append(containerID)
                continue
            }
            self.containers[containerID] = process.pid
            if let agentID = self.core.agentID, let cgroups = self.containerizer.cgroups(containerID, agentID: agentID) {
                self.cgroups[containerID] = cgroups
            }
            self.logger.info("re-adopted executor", metadata: [
                "executor.id": "\(run.executor.checkpoint.spec.executorID)", "pid": "\(process.pid)",
            ])
            Task { [weak self] in
                await ExitWatcher.shared.waitForExit(of: process.pid)
                await self?.containerExited(containerID, waitStatus: nil)
            }
        }
        if let agentID = self.core.agentID {
            let known = Set(self.core.executors.values.flatMap { $0.values.map(\.containerID) }).subtracting(gone)
            self.containerizer.cleanOrphans(agentID: agentID, known: known, logger: self.logger)
        }
        if !gone.isEmpty {
            self.logger.info("executors gone while the agent was down", metadata: ["containers": "\(gone.map(\.value))"])
            self.apply(self.core.recoveredExecutorsGone(gone, now: self.now))
        }
    }
}
