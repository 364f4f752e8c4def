#if canImport(Glibc)
import Glibc
#endif

/// What a container used, from its cgroups.
public struct CgroupUsage: Hashable, Sendable {
    public var userSeconds: Double?
    public var systemSeconds: Double?
    public var memoryBytes: Int64?
    public var memoryLimitBytes: Int64?
    /// The most memory the container used (v1 `max_usage_in_bytes`, v2 `memory.peak`).
    public var memoryPeakBytes: Int64?
    public var processes: Int?
    /// Processes and threads (`pids.current`, with the pids controller).
    public var tasks: Int?
    /// Processes the kernel's OOM killer killed in the container.
    public var oomKills: Int = 0
}

extension ContainerCgroups {
    /// Reads CPU time, memory (RSS), the memory limit, process count and OOM kills.
    public var usage: CgroupUsage {
        var usage = CgroupUsage()
        if let directory = self.directories[.cpuacct] ?? self.directories[.cpu] {
            if self.isV2[.cpu] == true || self.isV2[.cpuacct] == true {
                let stat = Self.keyed(directory + "/cpu.stat")
                usage.userSeconds = stat["user_usec"].map { Double($0) / 1e6 }
                usage.systemSeconds = stat["system_usec"].map { Double($0) / 1e6 }
            } else if let accounting = self.directories[.cpuacct] {
                let stat = Self.keyed(accounting + "/cpuacct.stat")
                let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
                usage.userSeconds = stat["user"].map { Double($0) / ticks }
                usage.systemSeconds = stat["system"].map { Double($0) / ticks }
            }
        }
        if let directory = self.directories[.memory] {
            if self.isV2[.memory] == true {
                usage.memoryBytes = Self.keyed(directory + "/memory.stat")["anon"]
                usage.memoryLimitBytes = Self.number(directory + "/memory.max")
                usage.memoryPeakBytes = Self.number(directory + "/memory.peak")
                usage.oomKills = Int(Self.keyed(directory + "/memory.events")["oom_kill"] ?? 0)
            } else {
                usage.memoryBytes = Self.keyed(directory + "/memory.stat")["total_rss"]
                usage.memoryLimitBytes = Self.number(directory + "/memory.limit_in_bytes")
                usage.memoryPeakBytes = Self.number(directory + "/memory.max_usage_in_bytes")
                usage.oomKills = Int(Self.keyed(directory + "/memory.oom_control")["oom_kill"] ?? 0)
            }
        }
        // pids.current counts threads; processes are the lines of cgroup.procs.
        usage.processes = self.processes.count
        if let directory = self.directories[.pids] { usage.tasks = Self.number(directory + "/pids.current").map(Int.init) }
        return usage
    }

    /// OOM kills so far (a cheap read: the counter alone).
    public var oomKills: Int {
        guard let directory = self.directories[.memory] else { return 0 }
        let file = self.isV2[.memory] == true ? "/memory.events" : "/memory.oom_control"
        return Int(Self.keyed(directory + file)["oom_kill"] ?? 0)
    }

    /// `key value` lines.
    static func keyed(_ path: String) -> [String: Int64] {
        var values: [String: Int64] = [:]
        for line in (ProcFS.read(path) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Int64(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    /// A file holding one number (`max` reads as nil).
    static func number(_ path: String) -> Int64? {
        (ProcFS.read(path)?.split(whereSeparator: \.isWhitespace).first).flatMap { Int64($0) }
    }
}
