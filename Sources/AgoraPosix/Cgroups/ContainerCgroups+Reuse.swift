#if canImport(Glibc)
import Glibc
#endif

extension ContainerCgroups {
    /// Whether no process is in the container (its first directory's `cgroup.procs` is empty;
    /// every directory holds the same processes). False if it cannot be read.
    public var isEmpty: Bool {
        guard let directory = self.allDirectories.first, let procs = ProcFS.read(directory + "/cgroup.procs") else { return false }
        return procs.allSatisfy(\.isWhitespace)
    }

    /// Renames each directory to `other`'s for the same controller (v1 only, where each
    /// controller has a directory of its own and a cgroup may be renamed within its parent).
    /// All or nothing: on a failure the directories renamed so far are renamed back, and
    /// false is returned.
    public func rename(to other: ContainerCgroups) -> Bool {
        guard self.isV1Only, other.isV1Only, Set(self.directories.keys) == Set(other.directories.keys) else { return false }
        var done: [(from: String, to: String)] = []
        for controller in self.directories.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let from = self.directories[controller]!
            let to = other.directories[controller]!
            guard Glibc.rename(from, to) == 0 else {
                for pair in done.reversed() { Glibc.rename(pair.to, pair.from) }
                return false
            }
            done.append((from, to))
        }
        return true
    }

    /// Starts the memory peak afresh (v1 `memory.max_usage_in_bytes`; v2's `memory.peak`
    /// cannot be reset, but v2 cgroups are not reused).
    public func resetMemoryPeak() throws(SystemError) {
        guard let directory = self.directories[.memory], self.isV2[.memory] != true else { return }
        try Self.write("0", to: directory + "/memory.max_usage_in_bytes")
    }

    /// Whether every directory is in a v1 hierarchy (where cgroups can be renamed).
    public var isV1Only: Bool { !self.isV2.isEmpty && self.isV2.values.allSatisfy { !$0 } }
}
