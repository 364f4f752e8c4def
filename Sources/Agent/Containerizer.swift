import AgentCore
import AgoraModel
import AgoraPosix
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The agent's containers as the kernel sees them: each executor run gets cgroups of its
/// own (`<mount>/<cgroups-root>/<agent ID>/<container ID>`) with limits from its resources,
/// and the kernel's OOM kills in them are counted. Without cgroup isolators it does nothing.
struct Containerizer: Sendable {
    let isolation: IsolationSettings
    let mounts: CgroupMounts
    let root: String
    /// Memory and CPU the built-in executor itself needs beside its tasks (Mesos's
    /// unaccounted `cpus:0.1;mem:32`).
    static let executorOverheadCPUs = 0.1
    static let executorOverheadMB = 32.0
    var pidsLimit: Int?
    /// Cap each container at its `cpus` with a CFS quota (Mesos `--cgroups_enable_cfs`).
    var cfsQuota = true
    var cfsPeriodMicroseconds = 100_000
    /// Emptied cgroups kept for the next container (see `CgroupPool`); nil where they cannot be.
    private(set) var pool: CgroupPool?

    init(isolation: IsolationSettings, mounts: CgroupMounts, root: String) {
        self.isolation = isolation
        self.mounts = mounts
        self.root = root
        self.pool = self.canReuseCgroups ? CgroupPool() : nil
    }

    var usesCgroups: Bool { !self.isolation.cgroupControllers.isEmpty }

    /// Whether emptied cgroups can be kept for the next container: every container
    /// controller in a v1 hierarchy, and no cpuacct (its counters would carry over).
    var canReuseCgroups: Bool {
        let controllers = self.containerControllers
        return !controllers.isEmpty && !controllers.contains(.cpuacct)
            && controllers.allSatisfy { self.mounts.hierarchy(for: $0).map { !$0.isV2 } ?? false }
    }

    /// The controllers a container gets a cgroup in. cpuacct only where it shares cpu's
    /// hierarchy (v2, or v1 co-mounted): a hierarchy of its own would cost a directory, an
    /// attach and a removal per container for CPU time, which /proc gives as well.
    var containerControllers: Set<CgroupMounts.Controller> {
        var controllers = self.isolation.cgroupControllers
        if controllers.contains(.cpuacct), self.mounts.hierarchy(for: .cpuacct) != self.mounts.hierarchy(for: .cpu) {
            controllers.remove(.cpuacct)
        }
        return controllers
    }

    func cgroups(_ containerID: ContainerID, agentID: AgentID) -> ContainerCgroups? {
        guard self.usesCgroups else { return nil }
        return ContainerCgroups(
            mounts: self.mounts, root: self.root + "/" + PathComponent.safe(agentID.value), name: containerID.value,
            controllers: self.containerControllers)
    }

    /// The pool of emptied cgroups under `agentID`'s directory, where they can be kept.
    func reuse(agentID: AgentID) -> CgroupReuse? {
        guard let pool = self.pool else { return nil }
        let mounts = self.mounts
        let root = self.root + "/" + PathComponent.safe(agentID.value)
        let controllers = self.containerControllers
        return CgroupReuse(pool: pool) { name in ContainerCgroups(mounts: mounts, root: root, name: name, controllers: controllers) }
    }

    /// The parents of the containers' CPU cgroups — `<root>` for every agent on the host and
    /// `<root>/<agent ID>` for this agent's — and the CPUs each stands for: the host's and the
    /// agent's. Each parent weighs as much as that many busy processes, so the containers
    /// together compete with the host's other processes (the agent, a master) as their
    /// processes would without isolation, while they share among themselves by their `cpus`.
    /// (Left at the default weight of one process, as Mesos leaves its `mesos` cgroup, a busy
    /// host gave all containers together as much CPU as the agent alone.)
    func cpuParents(agentID: AgentID, agentCPUs: Double, hostCPUs: Double) -> [(cgroups: ContainerCgroups, cpus: Double)] {
        guard self.isolation.isolators.contains(.cgroupsCPU) else { return [] }
        return [
            (ContainerCgroups(mounts: self.mounts, path: self.root, controllers: [.cpu]), hostCPUs),
            (ContainerCgroups(mounts: self.mounts, path: self.root + "/" + PathComponent.safe(agentID.value), controllers: [.cpu]), agentCPUs),
        ].filter { !$0.cgroups.directories.isEmpty }
    }

    /// Creates the parents of `cpuParents` and gives them their weights (shares only: no quota).
    func prepareCPUParents(agentID: AgentID, agentCPUs: Double, hostCPUs: Double) throws(SystemError) {
        for (cgroups, cpus) in self.cpuParents(agentID: agentID, agentCPUs: agentCPUs, hostCPUs: hostCPUs) {
            try cgroups.create()
            var limits = CgroupLimits(cpus: cpus, cpuQuota: false)
            limits.liftQuota = true
            try cgroups.limit(limits)
        }
    }

    /// What a container may use: its `cpus` and `mem` (at least 32 MB), with the command
    /// executor's own share added; nil where the resources name none.
    func allocation(for resources: Resources, isCommandExecutor: Bool) -> (cpus: Double?, memoryBytes: Int64?) {
        let cpus = resources.scalar("cpus").doubleValue + (isCommandExecutor ? Self.executorOverheadCPUs : 0)
        let mem = resources.scalar("mem").doubleValue + (isCommandExecutor ? Self.executorOverheadMB : 0)
        return (cpus > 0 ? cpus : nil, mem > 0 ? Int64(max(32, mem) * 1_048_576) : nil)
    }

    /// The cgroup limits for `resources`, for the isolators in use.
    func limits(for resources: Resources, isCommandExecutor: Bool) -> CgroupLimits {
        let allocation = self.allocation(for: resources, isCommandExecutor: isCommandExecutor)
        return CgroupLimits(
            cpus: self.isolation.isolators.contains(.cgroupsCPU) ? allocation.cpus : nil, cpuQuota: self.cfsQuota,
            cpuPeriodMicroseconds: self.cfsPeriodMicroseconds,
            memoryBytes: self.isolation.isolators.contains(.cgroupsMemory) ? allocation.memoryBytes : nil,
            pids: self.isolation.isolators.contains(.cgroupsPids) ? self.pidsLimit : nil)
    }

    /// Cgroup directories of containers this agent does not know (left by a run that was
    /// killed): their processes are killed and the directories removed.
    func cleanOrphans(agentID: AgentID, known: Set<ContainerID>, logger: Logger) {
        guard self.usesCgroups else { return }
        var names: Set<String> = []
        for controller in self.containerControllers {
            guard let hierarchy = self.mounts.hierarchy(for: controller) else { continue }
            let directory = hierarchy.mountPoint + "/" + self.root + "/" + PathComponent.safe(agentID.value)
            for name in Self.subdirectories(of: directory) { names.insert(name) }
        }
        for name in names.sorted() where !known.contains(ContainerID(name)) {
            guard let orphan = self.cgroups(ContainerID(name), agentID: agentID) else { continue }
            let count = orphan.processes.count
            orphan.killAll()
            orphan.remove()
            logger.info("destroyed an orphan container", metadata: ["container.id": "\(name)", "processes": "\(count)"])
        }
    }

    /// Removes `<mount>/<root>/<agent ID>` in each hierarchy where it is empty (a
    /// directory holding containers that outlive the agent stays).
    func removeAgentDirectories(agentID: AgentID) {
        for controller in self.containerControllers {
            guard let hierarchy = self.mounts.hierarchy(for: controller) else { continue }
            // rmdir fails (ENOTEMPTY, EBUSY) exactly when containers remain: nothing to report.
            rmdir(hierarchy.mountPoint + "/" + self.root + "/" + PathComponent.safe(agentID.value))
        }
    }

    private static func subdirectories(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if entry.pointee.d_type == UInt8(DT_DIR) && name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
