#if canImport(Glibc)
import Glibc
#endif

/// A process as a restarted agent can recognise it again: its pid alone could have been
/// reused, so the kernel boot and the process's start time (clock ticks since boot, from
/// /proc/<pid>/stat) go with it.
public struct ProcessIdentity: Hashable, Sendable, CustomStringConvertible {
    public var pid: pid_t
    public var startTime: UInt64
    public var bootID: String

    public init(pid: pid_t, startTime: UInt64, bootID: String) {
        self.pid = pid
        self.startTime = startTime
        self.bootID = bootID
    }

    /// The identity of a running process, or nil when it is gone.
    public static func of(_ pid: pid_t) -> ProcessIdentity? {
        guard let stat = Self.stat(pid), stat.state != "Z" else { return nil }
        return ProcessIdentity(pid: pid, startTime: stat.startTime, bootID: Self.currentBootID)
    }

    /// Whether this very process still runs (same boot, same start time, not a zombie).
    public var isAlive: Bool {
        guard self.bootID == Self.currentBootID, let stat = Self.stat(self.pid) else { return false }
        return stat.startTime == self.startTime && stat.state != "Z"
    }

    /// This boot of the kernel (`/proc/sys/kernel/random/boot_id`).
    public static let currentBootID: String = {
        (ProcFS.read("/proc/sys/kernel/random/boot_id") ?? "").filter { !$0.isWhitespace }
    }()

    /// `pid starttime bootid`, as checkpoints store it.
    public var description: String { "\(self.pid) \(self.startTime) \(self.bootID)" }

    /// Reads `description` back.
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 3, let pid = pid_t(parts[0]), let start = UInt64(parts[1]) else { return nil }
        self.init(pid: pid, startTime: start, bootID: String(parts[2]))
    }

    /// State letter and start time (field 22) from /proc/<pid>/stat.
    private static func stat(_ pid: pid_t) -> (state: Character, startTime: UInt64)? {
        guard pid > 0, let text = ProcFS.read("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3); start time is field 22.
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return (state, start)
    }
}
