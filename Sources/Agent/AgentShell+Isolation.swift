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

    /// Creates a container's cgroups with limits for what its executor holds; nil when the
    /// agent isolates with posix isolators only.
    func prepareCgroups(for launch: ExecutorLaunch) throws(SystemError) -> ContainerCgroups? {
        guard let agentID = self.core.agentID, let cgroups = self.containerizer.cgroups(launch.containerID, agentID: agentID) else {
            return nil
        }
        let resources = self.core.executorByContainerID(launch.containerID)?.resources
            ?? launch.tasks.reduce(launch.executor.resources) { $0 + $1.resources }
        try self.containerizer.prepare(cgroups, resources: resources, isCommandExecutor: launch.isCommandExecutor)
        return cgroups
    }

    /// A running container's limits follow the tasks it gets.
    func updateContainer(_ containerID: ContainerID, _ resources: Resources) {
        guard let cgroups = self.cgroups[containerID], let record = self.core.executorByContainerID(containerID) else { return }
        do {
            try cgroups.limit(self.containerizer.limits(for: resources, isCommandExecutor: record.isCommandExecutor))
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

    /// Kills what is left in a container's cgroups and removes them (again later if
    /// processes are still on their way out).
    func releaseCgroups(_ containerID: ContainerID) {
        guard let cgroups = self.cgroups.removeValue(forKey: containerID) else { return }
        self.oomKillsSeen[containerID] = nil
        cgroups.killAll()
        if !cgroups.remove() { self.cgroupsToRemove.append(cgroups) }
    }

    /// Retries removing cgroups whose processes were still exiting.
    func removeLeftoverCgroups() {
        guard !self.cgroupsToRemove.isEmpty else { return }
        self.cgroupsToRemove = self.cgroupsToRemove.filter { cgroups in
            cgroups.killAll()
            return !cgroups.remove()
        }
    }

    /// At shutdown: gives killed containers' processes a moment (at most a second) to
    /// leave their cgroups, removes those cgroups, then the agent's own directories if no
    /// container (of a checkpointing framework, left running) is in them.
    func removeCgroupsAtShutdown() {
        for _ in 0..<100 where !self.cgroupsToRemove.isEmpty {
            usleep(10_000)
            self.removeLeftoverCgroups()
        }
        if !self.cgroupsToRemove.isEmpty {
            self.logger.warning("cgroups left behind", metadata: ["cgroups": "\(self.cgroupsToRemove.flatMap(\.allDirectories))"])
        }
        guard let agentID = self.core.agentID else { return }
        self.containerizer.removeAgentDirectories(agentID: agentID)
    }
}
