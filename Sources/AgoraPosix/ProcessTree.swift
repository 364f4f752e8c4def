#if canImport(Glibc)
import Glibc
#endif

/// Signals a process and everything it started, as Mesos's `os::killtree`: the tree is
/// read from /proc, stopped so nothing forks meanwhile, signalled, then continued.
public enum ProcessTree {
    /// Sends `signal` to `root`, its descendants and their process groups. Returns how many
    /// processes were signalled.
    @discardableResult
    public static func signal(_ root: pid_t, _ signal: Int32) -> Int {
        guard root > 1 else { return 0 }
        let tree = self.descendants(of: root)
        for pid in tree { kill(pid, SIGSTOP) }
        var groups: Set<pid_t> = []
        for pid in tree {
            kill(pid, signal)
            let group = getpgid(pid)
            if group > 1 { groups.insert(group) }
        }
        for group in groups where group != getpgrp() { killpg(group, signal) }
        for pid in tree { kill(pid, SIGCONT) }
        return tree.count
    }

    /// Sends `signal` to every process of the session `sessionID` (the session an
    /// executor leads holds its tasks and whatever they started, unless they left it).
    /// Walks /proc, so it is for exits that went wrong, not for every exit.
    @discardableResult
    public static func signalSession(_ sessionID: pid_t, _ signal: Int32) -> Int {
        guard sessionID > 1, sessionID != getsid(0) else { return 0 }
        var count = 0
        for pid in ProcFS.pids() {
            guard let stat = ProcFS.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the name: state(3), ppid(4), pgrp(5), session(6).
            guard fields.count > 3, pid_t(fields[3]) == sessionID else { continue }
            kill(pid, signal)
            count += 1
        }
        return count
    }

    /// `root` and all its living descendants, parents first.
    public static func descendants(of root: pid_t) -> [pid_t] {
        let parents = self.parentTable()
        var children: [pid_t: [pid_t]] = [:]
        for (pid, parent) in parents { children[parent, default: []].append(pid) }
        var result: [pid_t] = []
        var queue: [pid_t] = parents[root] != nil || kill(root, 0) == 0 ? [root] : []
        while let next = queue.first {
            queue.removeFirst()
            result.append(next)
            queue += (children[next] ?? []).sorted()
        }
        return result
    }

    /// pid → parent pid for every process, from /proc/<pid>/stat.
    private static func parentTable() -> [pid_t: pid_t] {
        var table: [pid_t: pid_t] = [:]
        for pid in ProcFS.pids() {
            guard let stat = ProcFS.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { table[pid] = parent }
        }
        return table
    }
}
