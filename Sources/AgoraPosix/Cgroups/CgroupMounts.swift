#if canImport(Glibc)
import Glibc
#endif

/// Where the cgroup controllers Agora uses are mounted: each on a v1 hierarchy of its own,
/// or in the unified (v2) hierarchy, as `/proc/self/mountinfo` says. A hybrid host (v1
/// controllers and an empty v2 tree, like this project's machines) uses v1 for every
/// controller bound there and v2 for the rest.
public struct CgroupMounts: Hashable, Sendable {
    public enum Controller: String, Hashable, Sendable, CaseIterable {
        case cpu, cpuacct, memory, pids
    }

    /// Mount point of each controller's v1 hierarchy.
    public var v1: [Controller: String] = [:]
    /// The v2 mount and the controllers its root offers.
    public var v2: String?
    public var v2Controllers: Set<String> = []

    public init(v1: [Controller: String] = [:], v2: String? = nil, v2Controllers: Set<String> = []) {
        self.v1 = v1
        self.v2 = v2
        self.v2Controllers = v2Controllers
    }

    /// What this host mounts.
    public static func detect() -> CgroupMounts {
        Self.parse(mountinfo: ProcFS.read("/proc/self/mountinfo") ?? "") { path in ProcFS.read(path) }
    }

    /// Reads mountinfo lines: `... <mount point> <options> - <fstype> <source> <super options>`.
    static func parse(mountinfo: String, read: (String) -> String?) -> CgroupMounts {
        var mounts = CgroupMounts()
        for line in mountinfo.split(separator: "\n") {
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2 else { continue }
            let left = halves[0].split(separator: " ")
            let right = halves[1].split(separator: " ")
            guard left.count >= 5, right.count >= 3 else { continue }
            let mountPoint = String(left[4])
            switch right[0] {
            case "cgroup":
                let options = Set(right[2].split(separator: ",").map(String.init))
                for controller in Controller.allCases where options.contains(controller.rawValue) && mounts.v1[controller] == nil {
                    mounts.v1[controller] = mountPoint
                }
            case "cgroup2" where mounts.v2 == nil:
                mounts.v2 = mountPoint
                let controllers = read(mountPoint + "/cgroup.controllers") ?? ""
                mounts.v2Controllers = Set(controllers.split(whereSeparator: \.isWhitespace).map(String.init))
            default:
                continue
            }
        }
        return mounts
    }

    /// The hierarchy that provides `controller`: its v1 mount, else v2 if it offers it
    /// (cpuacct's accounting is part of v2's cpu controller).
    public func hierarchy(for controller: Controller) -> CgroupHierarchy? {
        if let mount = self.v1[controller] { return .v1(mount) }
        let name = controller == .cpuacct ? "cpu" : controller.rawValue
        if let mount = self.v2, self.v2Controllers.contains(name) { return .v2(mount) }
        return nil
    }
}

/// One cgroup hierarchy.
public enum CgroupHierarchy: Hashable, Sendable {
    case v1(String)
    case v2(String)

    public var mountPoint: String {
        switch self {
        case .v1(let path), .v2(let path): path
        }
    }

    public var isV2: Bool { if case .v2 = self { true } else { false } }
}
