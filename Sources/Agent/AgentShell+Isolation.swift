import AgentCore
import AgoraModel
import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

extension AgentShell {
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
}
