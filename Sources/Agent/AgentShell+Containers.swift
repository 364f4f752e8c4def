import AgentCore
import AgoraModel
import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

extension AgentShell {
    func launch(_ launch: ExecutorLaunch) {
        do {
            try Directories.create(launch.sandbox)
            let request = try ExecutorCommand.request(for: launch, executorCommand: self.settings.executorCommand)
            let pid = try Spawner.spawn(request)
            self.containers[launch.containerID] = pid
            self.logger.debug("launched executor", metadata: [
                "executor.id": "\(launch.executor.executorID)", "framework.id": "\(launch.frameworkID)", "pid": "\(pid)",
            ])
            let containerID = launch.containerID
            Task { [weak self] in
                let status = await ProcessReaper.shared.waitForExit(of: pid)
                await self?.containerExited(containerID, waitStatus: status)
            }
        } catch {
            self.logger.warning("executor launch failed", metadata: ["executor.id": "\(launch.executor.executorID)", "error": "\(error)"])
            self.apply(self.core.launchFailed(launch.containerID, message: "\(error)", now: self.now))
        }
    }

    func containerExited(_ containerID: ContainerID, waitStatus: Int32) {
        guard let pid = self.containers.removeValue(forKey: containerID) else { return }
        // The executor led its own session and process group: whatever of it is left
        // goes with the group (cheap, unlike walking /proc on every exit).
        killpg(pid, SIGKILL)
        self.apply(self.core.containerExited(containerID, waitStatus: waitStatus, now: self.now))
    }

    func destroy(_ containerID: ContainerID, force: Bool) {
        guard let pid = self.containers[containerID] else { return }
        ProcessTree.signal(pid, force ? SIGKILL : SIGTERM)
    }

    /// Kills every executor; used at shutdown so no task outlives its agent.
    func destroyAll() {
        for pid in self.containers.values { ProcessTree.signal(pid, SIGKILL) }
        for sink in self.executorSinks.values { sink.continuation.finish() }
        self.executorSinks = [:]
    }
}
