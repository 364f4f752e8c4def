import AgoraModel
import AgoraWire
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Works out an agent's resources as Mesos does when `--resources` leaves them out
/// (reference/mesos.md §6.2): all CPUs; memory minus 1 GB (half when under 2 GB); the work
/// directory's disk minus 5 GB (half when under 10 GB); ports 31000-32000.
public enum ResourceDetection {
    public static func resources(flag: String?, workDir: String) throws -> Resources {
        let given = try flag.map(Self.parse) ?? Resources()
        var result = given
        let names = Set(given.map(\.name))
        if !names.contains("cpus") { result.add(.scalar("cpus", Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))))) }
        if !names.contains("mem") { result.add(.scalar("mem", Self.memoryMB())) }
        if !names.contains("disk") { result.add(.scalar("disk", Self.diskMB(workDir))) }
        if !names.contains("ports") { result.add(.ranges("ports", [31000...32000])) }
        return result
    }

    /// The flag format, or the JSON array form when it starts with `[`.
    static func parse(_ text: String) throws -> Resources {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("[") ? try Resources.parseJSON(trimmed) : try Resources.parse(trimmed)
    }

    static func memoryMB() -> Double {
        let pages = Double(sysconf(Int32(_SC_PHYS_PAGES)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        let total = pages * pageSize / 1_048_576
        guard total > 0 else { return 1024 }
        return total >= 2048 ? (total - 1024).rounded(.down) : (total / 2).rounded(.down)
    }

    static func diskMB(_ path: String) -> Double {
        var stats = statvfs()
        var directory = path
        while statvfs(directory, &stats) != 0 {
            guard let parent = directory.range(of: "/", options: .backwards), parent.lowerBound != directory.startIndex else {
                return 10_240
            }
            directory = String(directory[..<parent.lowerBound])
        }
        let total = Double(stats.f_blocks) * Double(stats.f_frsize) / 1_048_576
        return total >= 10_240 ? (total - 5120).rounded(.down) : (total / 2).rounded(.down)
    }
}
