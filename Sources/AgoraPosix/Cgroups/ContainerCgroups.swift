#if canImport(Glibc)
import Glibc
#endif

/// Limits for a container's cgroups.
public struct CgroupLimits: Hashable, Sendable {
    /// CPU shares from `cpus` (1024 per CPU) and a CFS quota of `cpus` CPUs.
    public var cpus: Double?
    /// Whether `cpus` also caps the container with a CFS quota (else shares alone).
    public var cpuQuota = true
    /// The CFS period the quota is a share of, in microseconds (the kernel's default: 100 ms).
    public var cpuPeriodMicroseconds = 100_000
    public var memoryBytes: Int64?
    public var pids: Int?
    /// Without `cpuQuota`: whether to lift a quota an earlier `limit` may have set (a new
    /// cgroup has none, so the write is skipped).
    public var liftQuota = false
    /// Whether limits left nil go back to a new cgroup's (for a cgroup reused from an earlier
    /// container, which may have had them).
    public var resetUnset = false

    public init(
        cpus: Double? = nil, cpuQuota: Bool = true, cpuPeriodMicroseconds: Int = 100_000, memoryBytes: Int64? = nil, pids: Int? = nil
    ) {
        self.cpus = cpus
        self.cpuQuota = cpuQuota
        self.cpuPeriodMicroseconds = cpuPeriodMicroseconds
        self.memoryBytes = memoryBytes
        self.pids = pids
    }
}

/// The cgroups of one container — `<mount>/<root>/<name>` in each hierarchy used (one
/// directory in v2, one per controller hierarchy in v1) — and what can be done with them:
/// create, limit, add a process, read usage and OOM kills, kill everything, remove.
public struct ContainerCgroups: Hashable, Sendable {
    /// Directory per controller (several controllers share one directory in v2).
    public let directories: [CgroupMounts.Controller: String]
    public let isV2: [CgroupMounts.Controller: Bool]

    /// The cgroups of `name` under `root` for `controllers`; those no hierarchy provides are left out.
    public init(mounts: CgroupMounts, root: String, name: String, controllers: Set<CgroupMounts.Controller>) {
        self.init(mounts: mounts, path: root + "/" + name, controllers: controllers)
    }

    /// The cgroups at `path` (relative to each hierarchy's mount point) for `controllers`.
    public init(mounts: CgroupMounts, path: String, controllers: Set<CgroupMounts.Controller>) {
        var directories: [CgroupMounts.Controller: String] = [:]
        var isV2: [CgroupMounts.Controller: Bool] = [:]
        for controller in controllers {
            guard let hierarchy = mounts.hierarchy(for: controller) else { continue }
            directories[controller] = hierarchy.mountPoint + "/" + path
            isV2[controller] = hierarchy.isV2
        }
        self.directories = directories
        self.isV2 = isV2
    }

    /// Each distinct directory once.
    public var allDirectories: [String] { Array(Set(self.directories.values)).sorted() }

    /// Creates the directories (and their parents).
    public func create() throws(SystemError) {
        for directory in self.allDirectories { try Directories.create(directory) }
    }

    /// Writes the limits.
    public func limit(_ limits: CgroupLimits) throws(SystemError) {
        if let cpus = limits.cpus, let directory = self.directories[.cpu] {
            let period = limits.cpuPeriodMicroseconds
            let quota = limits.cpuQuota ? "\(max(1000, Int((cpus * Double(period)).rounded())))" : "max"
            if self.isV2[.cpu] == true {
                try Self.write("\(Self.weight(cpus: cpus))", to: directory + "/cpu.weight")
                try Self.write("\(quota) \(period)", to: directory + "/cpu.max")
            } else {
                try Self.write("\(min(262_144, max(2, Int((cpus * 1024).rounded()))))", to: directory + "/cpu.shares")
                // A new cgroup's period is 100 ms, and it has no quota: -1 is written only to
                // lift one set before.
                if period != 100_000 { try Self.write("\(period)", to: directory + "/cpu.cfs_period_us") }
                if limits.cpuQuota {
                    try Self.write(quota, to: directory + "/cpu.cfs_quota_us")
                } else if limits.liftQuota {
                    try Self.write("-1", to: directory + "/cpu.cfs_quota_us")
                }
            }
        }
        if let bytes = limits.memoryBytes, let directory = self.directories[.memory] {
            let file = self.isV2[.memory] == true ? "/memory.max" : "/memory.limit_in_bytes"
            try Self.write("\(bytes)", to: directory + file)
        }
        if let pids = limits.pids, let directory = self.directories[.pids] {
            try Self.write("\(pids)", to: directory + "/pids.max")
        }
        if limits.resetUnset { try self.resetUnset(limits) }
    }

    /// A reused v1 cgroup keeps the limits of the container before: those `limits` leave
    /// unset go back to a new cgroup's.
    private func resetUnset(_ limits: CgroupLimits) throws(SystemError) {
        if limits.cpus == nil, let directory = self.directories[.cpu], self.isV2[.cpu] != true {
            try Self.write("1024", to: directory + "/cpu.shares")
            try Self.write("-1", to: directory + "/cpu.cfs_quota_us")
        }
        if limits.memoryBytes == nil, let directory = self.directories[.memory], self.isV2[.memory] != true {
            try Self.write("-1", to: directory + "/memory.limit_in_bytes")
        }
        if limits.pids == nil, let directory = self.directories[.pids] {
            try Self.write("max", to: directory + "/pids.max")
        }
    }

    /// Moves `pid` (and what it starts from now on) into every cgroup of the container.
    public func add(_ pid: pid_t) throws(SystemError) {
        for directory in self.allDirectories { try Self.write("\(pid)", to: directory + "/cgroup.procs") }
    }

    /// Every process in the container's cgroups.
    public var processes: [pid_t] {
        var pids = Set<pid_t>()
        for directory in self.allDirectories {
            for line in (ProcFS.read(directory + "/cgroup.procs") ?? "").split(separator: "\n") {
                if let pid = pid_t(line) { pids.insert(pid) }
            }
        }
        return pids.sorted()
    }

    /// Kills every process in the container: v2's `cgroup.kill`, else SIGKILL to each
    /// process, a few rounds (a fork between the read and the kill is caught next round).
    public func killAll() {
        if !self.isV2.isEmpty, self.isV2.values.allSatisfy({ $0 }), let directory = self.allDirectories.first {
            do {
                try Self.write("1", to: directory + "/cgroup.kill")
                return
            } catch {
                // cgroup.kill exists since Linux 5.14; before that, signal the processes.
            }
        }
        for _ in 0..<8 {
            let pids = self.processes
            if pids.isEmpty { return }
            for pid in pids { kill(pid, SIGKILL) }
        }
    }

    /// Removes the directories; false if some still hold processes (try again later).
    @discardableResult
    public func remove() -> Bool {
        var removed = true
        for directory in self.allDirectories where rmdir(directory) != 0 && errno != ENOENT { removed = false }
        return removed
    }

    /// Writes `text` to a cgroup control file.
    static func write(_ text: String, to path: String) throws(SystemError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { close(fd) }
        let written = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        guard written >= 0 else { throw SystemError("write '\(text)' to \(path)") }
    }

    /// cgroup v2's cpu.weight (1-10000, 100 = one share of 1024) for `cpus`.
    static func weight(cpus: Double) -> Int {
        let shares = max(2, Int((cpus * 1024).rounded()))
        return min(10_000, max(1, 1 + ((shares - 2) * 9999) / 262_142))
    }
}
