import AgentCore
import AgoraModel
import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

extension AgentShell {
    /// Creates the sandbox, fetches the URIs if there are any, and starts the executor.
    func launch(_ launch: ExecutorLaunch) {
        do {
            try Directories.create(launch.sandbox)
        } catch {
            self.logger.warning("cannot create a sandbox", metadata: ["sandbox": "\(launch.sandbox)", "error": "\(error)"])
            self.apply(self.core.launchFailed(launch.containerID, message: "\(error)", now: self.now))
            return
        }
        let uris = Self.uris(for: launch)
        if uris.isEmpty { self.spawn(launch) } else { self.fetchThenSpawn(launch, uris) }
    }

    /// Starts the executor's process in its sandbox and its cgroups.
    func spawn(_ launch: ExecutorLaunch) {
        do {
            let request = try self.containerRequest(for: launch)
            let cgroups = try self.prepareCgroups(for: launch)
            let pid = try Spawner.spawn(request)
            if let cgroups {
                // The executor joins before it can subscribe (the agent answers nothing
                // until this returns), so every task it starts is in the container.
                do {
                    try cgroups.add(pid)
                } catch {
                    kill(pid, SIGKILL)
                    cgroups.remove()
                    throw error
                }
                self.cgroups[launch.containerID] = cgroups
            }
            self.containers[launch.containerID] = pid
            self.checkpointProcess(pid, of: launch)
            self.core.executorStarted(launch.containerID, now: self.now)
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

    /// The executor's process is gone (`waitStatus` is nil for one the agent re-adopted
    /// after a restart: only a parent learns how its child ended).
    func containerExited(_ containerID: ContainerID, waitStatus: Int32?) {
        guard let pid = self.containers.removeValue(forKey: containerID) else { return }
        // The executor led its own session and process group: whatever of it is left goes
        // with the group. Its tasks run in process groups of their own, which an executor
        // that exits cleanly has ended already; after any other end the whole session is
        // killed (walking /proc, which only exits that went wrong pay for).
        killpg(pid, SIGKILL)
        if waitStatus != 0 && self.cgroups[containerID] == nil { ProcessTree.signalSession(pid, SIGKILL) }
        self.noteLimitations(containerID)
        self.releaseCgroups(containerID)
        self.apply(self.core.containerExited(containerID, waitStatus: waitStatus, now: self.now))
    }

    func destroy(_ containerID: ContainerID, force: Bool) {
        guard let pid = self.containers[containerID] else { return }
        ProcessTree.signal(pid, force ? SIGKILL : SIGTERM)
        if force { self.cgroups[containerID]?.killAll() }
    }

    /// At shutdown: ends every executor stream and kills the executors a restarted agent
    /// could not recover — those of frameworks that do not checkpoint (they expect to die
    /// with their agent, as in Mesos), or all of them with `killExecutorsOnShutdown`
    /// (`agora dev`). Checkpointing frameworks' executors keep running and reconnect.
    func shutDown() {
        for (containerID, pid) in self.containers {
            let record = self.core.executorByContainerID(containerID)
            let recoverable = record.map { self.core.frameworks[$0.frameworkID]?.checkpoint ?? false } ?? false
            if self.settings.killExecutorsOnShutdown || !recoverable {
                ProcessTree.signal(pid, SIGKILL)
                self.releaseCgroups(containerID)
            }
        }
        for sink in self.executorSinks.values { sink.continuation.finish() }
        self.executorSinks = [:]
        self.removeCgroupsAtShutdown()
    }
}
