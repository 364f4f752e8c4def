import AgoraPosix
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the isolation tests read of the host's cgroups. They need writable cgroups and
/// fail (never skip) with a message saying so where there are none.
enum CgroupsProbe {
    /// The hierarchies of cpu, memory and pids, or a failed expectation naming what is missing.
    static func requireUsable() throws -> CgroupMounts {
        let mounts = CgroupMounts.detect()
        for controller in [CgroupMounts.Controller.cpu, .memory, .pids] {
            let hierarchy = try #require(
                mounts.hierarchy(for: controller),
                "the isolation tests need cgroups: no \(controller.rawValue) controller is mounted (v1 under /sys/fs/cgroup/<controller> or v2)")
            #expect(
                access(hierarchy.mountPoint, W_OK) == 0,
                "the isolation tests need writable cgroups: \(hierarchy.mountPoint) is not writable (run them as root)")
        }
        return mounts
    }

    /// The cgroup directory of `pid` for `controller`, from /proc/<pid>/cgroup.
    static func directory(of pid: pid_t, _ controller: CgroupMounts.Controller, in mounts: CgroupMounts) throws -> String {
        let hierarchy = try #require(mounts.hierarchy(for: controller))
        let text = try String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let names = parts[1].split(separator: ",").map(String.init)
            let matches = hierarchy.isV2 ? parts[0] == "0" && names.isEmpty : names.contains(controller.rawValue)
            if matches { return hierarchy.mountPoint + parts[2] }
        }
        Issue.record("no \(controller.rawValue) cgroup for \(pid) in:\n\(text)")
        throw CgroupsProbeError()
    }

    /// A control file's first line.
    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The container cgroups (subdirectories) under `directory`; none when it is gone.
    static func subdirectories(of directory: String) throws -> [String] {
        guard Self.exists(directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }
}

struct CgroupsProbeError: Error {}
