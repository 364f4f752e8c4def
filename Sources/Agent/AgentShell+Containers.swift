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

    /// Starts the executor's process in its sandbox and its cgroups, off the actor
    /// (`ContainerStart`); `containerStarted` records it. Until then the executor's SUBSCRIBE
    /// waits, and a destroy is held for it.
    func spawn(_ launch: ExecutorLaunch) {
        let request: SpawnRequest
        let cgroups: ContainerCgroups?
        do {
            request = try self.containerRequest(for: launch)
            cgroups = self.containerCgroups(for: launch)
        } catch {
            self.launchFailed(launch, error)
            return
        }
        let limits = cgroups.map { _ in self.containerLimits(for: launch) }
        if cgroups != nil { self.prepareCPUParentsOnce() }
        let reuse = self.core.agentID.flatMap { self.containerizer.reuse(agentID: $0) }
        self.starting[launch.containerID] = []
        Task.detached { [weak self] in
            let outcome = Result { () throws(SystemError) in try ContainerStart.run(request, cgroups: cgroups, limits: limits, reuse: reuse) }
            await self?.containerStarted(launch, outcome)
        }
    }

    /// The executor runs (or could not be started): it is recorded, its exit awaited, and
    /// the SUBSCRIBE and destroy that waited for it go ahead.
    func containerStarted(_ launch: ExecutorLaunch, _ outcome: Result<ContainerStart.Started, SystemError>) {
        let containerID = launch.containerID
        let subscribers = self.starting.removeValue(forKey: containerID) ?? []
        defer { for subscriber in subscribers { subscriber.resume() } }
        let started: ContainerStart.Started
        switch outcome {
        case .failure(let error):
            self.destroyWhileStarting[containerID] = nil
            self.launchFailed(launch, error)
            return
        case .success(let value): started = value
        }
        if let cgroups = started.cgroups { self.cgroups[containerID] = cgroups }
        self.containers[containerID] = started.pid
        self.checkpointProcess(started.pid, of: launch)
        self.core.executorStarted(containerID, now: self.now)
        self.logger.debug("launched executor", metadata: [
            "executor.id": "\(launch.executor.executorID)", "framework.id": "\(launch.frameworkID)", "pid": "\(started.pid)",
        ])
        let pid = started.pid
        Task { [weak self] in
            let status = await ProcessReaper.shared.waitForExit(of: pid)
            await self?.containerExited(containerID, waitStatus: status)
        }
        if self.isShuttingDown {
            ProcessTree.signal(pid, SIGKILL)
        } else if let force = self.destroyWhileStarting.removeValue(forKey: containerID) {
            self.destroy(containerID, force: force)
        }
    }

    private func launchFailed(_ launch: ExecutorLaunch, _ error: any Error) {
        self.logger.warning("executor launch failed", metadata: ["executor.id": "\(launch.executor.executorID)", "error": "\(error)"])
        self.apply(self.core.launchFailed(launch.containerID, message: "\(error)", now: self.now))
    }

    /// Waits while the container of this executor is being started (its SUBSCRIBE may come
    /// before the agent has recorded the start).
    func waitWhileStarting(_ frameworkID: FrameworkID, _ executorID: ExecutorID) async {
        guard let containerID = self.core.executor(frameworkID, executorID)?.containerID, self.starting[containerID] != nil else { return }
        await withCheckedContinuation { self.starting[containerID]?.append($0) }
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
        if self.starting[containerID] != nil {
            self.destroyWhileStarting[containerID] = force || (self.destroyWhileStarting[containerID] ?? false)
            return
        }
        guard let pid = self.containers[containerID] else { return }
        ProcessTree.signal(pid, force ? SIGKILL : SIGTERM)
        if force { self.cgroups[containerID]?.killAll() }
    }

    /// At shutdown: ends every executor stream and kills the executors a restarted agent
    /// could not recover — those of frameworks that do not checkpoint (they expect to die
    /// with their agent, as in Mesos), or all of them with `killExecutorsOnShutdown`
    /// (`agora dev`). Checkpointing frameworks' executors keep running and reconnect.
    func shutDown() async {
        self.isShuttingDown = true
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
        await self.removeCgroupsAtShutdown()
    }
}
