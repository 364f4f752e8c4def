import AgentCore
import AgoraModel
import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

extension AgentShell {
    /// The executor's command line, wrapped for a PID namespace of its own and run as the
    /// task's user when the isolators and `--switch-user` say so (its sandbox then is that
    /// user's).
    func containerRequest(for launch: ExecutorLaunch) throws -> SpawnRequest {
        let request = try ExecutorCommand.request(for: launch, executorCommand: self.settings.executorCommand)
        let name = ContainerWrapping.user(
            commandUser: try ExecutorCommand.commandUser(for: launch), frameworkUser: launch.user,
            switchUser: self.settings.switchUser, agentUID: getuid())
        let user = try name.map { (name) throws(SystemError) in try ContainerUser.lookUp(name) }
        if let user { try Directories.changeOwner(of: launch.sandbox, uid: user.uid, gid: user.gid) }
        return ContainerWrapping.wrap(
            request, pidNamespace: self.containerizer.isolation.isolators.contains(.namespacesPID), user: user)
    }

    /// The container's cgroups (not created yet); nil when the agent isolates with posix
    /// isolators only.
    func containerCgroups(for launch: ExecutorLaunch) -> ContainerCgroups? {
        guard let agentID = self.core.agentID else { return nil }
        return self.containerizer.cgroups(launch.containerID, agentID: agentID)
    }

    /// Limits for what the container's executor holds.
    func containerLimits(for launch: ExecutorLaunch) -> CgroupLimits {
        let resources = self.core.executorByContainerID(launch.containerID)?.resources
            ?? launch.tasks.reduce(launch.executor.resources) { $0 + $1.resources }
        return self.containerizer.limits(for: resources, isCommandExecutor: launch.isCommandExecutor)
    }

    /// Weighs the containers' CPU parents before the first container starts (see
    /// `Containerizer.cpuParents`). Containers still start if it fails, at the default weight.
    func prepareCPUParentsOnce() {
        guard !self.cpuParentsPrepared, let agentID = self.core.agentID else { return }
        self.cpuParentsPrepared = true
        do {
            try self.containerizer.prepareCPUParents(
                agentID: agentID, agentCPUs: self.core.agent.resources.scalar("cpus").doubleValue,
                hostCPUs: Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        } catch {
            self.logger.warning("cannot weigh the containers' CPU cgroups; they get the default weight", metadata: ["error": "\(error)"])
        }
    }

    /// A running container's limits follow the tasks it gets.
    func updateContainer(_ containerID: ContainerID, _ resources: Resources) {
        guard let cgroups = self.cgroups[containerID], let record = self.core.executorByContainerID(containerID) else { return }
        do {
            var limits = self.containerizer.limits(for: resources, isCommandExecutor: record.isCommandExecutor)
            limits.liftQuota = true  // the container may have been started by an agent that set one
            try cgroups.limit(limits)
        } catch {
            self.logger.error("cannot update a container's limits", metadata: ["container.id": "\(containerID)", "error": "\(error)"])
        }
    }

    /// OOM kills in the container that no task's end accounts for yet become limitations
    /// the core attaches to the next failed task.
    func noteLimitations(_ containerID: ContainerID) {
        guard let cgroups = self.cgroups[containerID] else { return }
        let kills = cgroups.oomKills
        let known = self.oomKillsSeen[containerID] ?? 0
        guard kills > known else { return }
        self.oomKillsSeen[containerID] = kills
        let usage = cgroups.usage
        let limit = usage.memoryLimitBytes.map { "\($0 / 1_048_576) MB" } ?? "its limit"
        let peak = usage.memoryPeakBytes.map { ", peak \($0 / 1_048_576) MB" } ?? ""
        for _ in known..<kills {
            self.core.containerLimited(containerID, ContainerLimitation(
                reason: .containerLimitationMemory,
                message: "Memory limit exceeded: the container's limit is \(limit)\(peak); the kernel's OOM killer killed the task"))
        }
    }

    /// Kills what is left in a container's cgroups and removes them, off the actor (again
    /// later, on the actor's tick, if processes are still on their way out). At shutdown it
    /// happens at once, so that what remains can be waited for.
    func releaseCgroups(_ containerID: ContainerID) {
        guard let cgroups = self.cgroups.removeValue(forKey: containerID) else { return }
        self.oomKillsSeen[containerID] = nil
        if self.isShuttingDown {
            if !ContainerStart.release(cgroups, reuse: nil) { self.cgroupsToRemove.append(cgroups) }
            return
        }
        let reuse = self.core.agentID.flatMap { self.containerizer.reuse(agentID: $0) }
        self.nextRelease += 1
        let release = self.nextRelease
        // Kept until it is done: shutdown waits for releases in flight before removing the
        // agent's cgroups (an unfinished one would leave an empty cgroup behind).
        self.releases[release] = Task.detached { [weak self] in
            let released = ContainerStart.release(cgroups, reuse: reuse)
            await self?.releaseFinished(release, leftover: released ? nil : cgroups)
        }
    }

    private func releaseFinished(_ release: Int, leftover: ContainerCgroups?) {
        self.releases[release] = nil
        if let leftover { self.cgroupsToRemove.append(leftover) }
    }

    /// Retries removing cgroups whose processes were still exiting.
    func removeLeftoverCgroups() {
        guard !self.cgroupsToRemove.isEmpty else { return }
        self.cgroupsToRemove = self.cgroupsToRemove.filter { cgroups in
            cgroups.killAll()
            return !cgroups.remove()
        }
    }

    /// At shutdown: waits for releases in flight, gives killed containers' processes a moment (at most a second) to
    /// leave their cgroups, removes those cgroups, then the agent's own directories if no
    /// container (of a checkpointing framework, left running) is in them.
    func removeCgroupsAtShutdown() async {
        for release in Array(self.releases.values) { await release.value }
        for _ in 0..<100 where !self.cgroupsToRemove.isEmpty {
            usleep(10_000)
            self.removeLeftoverCgroups()
        }
        if !self.cgroupsToRemove.isEmpty {
            self.logger.warning("cgroups left behind", metadata: ["cgroups": "\(self.cgroupsToRemove.flatMap(\.allDirectories))"])
        }
        guard let agentID = self.core.agentID else { return }
        if let reuse = self.containerizer.reuse(agentID: agentID) {
            for name in reuse.pool.drain() { reuse.idle(name).remove() }
        }
        self.containerizer.removeAgentDirectories(agentID: agentID)
    }
}
