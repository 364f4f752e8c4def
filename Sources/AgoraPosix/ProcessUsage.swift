#if canImport(Glibc)
import Glibc
#endif

/// CPU time, resident memory, processes and threads of a process tree, read from /proc
/// (for containers without cgroups: the posix isolators).
public struct ProcessUsage: Hashable, Sendable {
    public var userSeconds: Double = 0
    public var systemSeconds: Double = 0
    public var rssBytes: Int64 = 0
    public var processes = 0
    public var threads = 0

    public init() {}

    /// `root` and all its living descendants added up.
    public static func of(tree root: pid_t) -> ProcessUsage {
        var usage = ProcessUsage()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
        for pid in ProcessTree.descendants(of: root) {
            guard let stat = ProcFS.read("/proc/\(pid)/stat"), let sample = Self.parse(stat: stat) else { continue }
            usage.userSeconds += Double(sample.utime) / ticks
            usage.systemSeconds += Double(sample.stime) / ticks
            usage.rssBytes += sample.rssPages * pageSize
            usage.threads += sample.threads
            usage.processes += 1
        }
        return usage
    }

    /// One process's line of `/proc/<pid>/stat`: utime and stime (clock ticks), threads, RSS
    /// (pages). The command name may hold spaces and parentheses, so fields count from the
    /// last `)`.
    public static func parse(stat: String) -> (utime: Int64, stime: Int64, threads: Int, rssPages: Int64)? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        // After ")": state(3) ppid(4) ... utime(14) stime(15) ... num_threads(20) ... rss(24).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 21, let utime = Int64(fields[11]), let stime = Int64(fields[12]),
            let threads = Int(fields[17]), let rss = Int64(fields[21])
        else { return nil }
        return (utime, stime, threads, rss)
    }
}
