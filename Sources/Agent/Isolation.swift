import AgoraPosix
import Foundation

/// Mesos-style isolators (`--isolation cgroups/cpu,cgroups/mem,namespaces/pid,posix/cpu`).
public enum Isolator: String, Hashable, Sendable, CaseIterable {
    /// CPU shares and a CFS quota from the container's `cpus`; CPU accounting.
    case cgroupsCPU = "cgroups/cpu"
    /// A memory limit from `mem`; a task over it ends TASK_FAILED, REASON_CONTAINER_LIMITATION_MEMORY.
    case cgroupsMemory = "cgroups/mem"
    /// The container's processes counted (and limited with `--cgroups-max-pids`).
    case cgroupsPids = "cgroups/pids"
    /// Each container in a PID namespace of its own.
    case namespacesPID = "namespaces/pid"
    /// Usage read from /proc, no limits (Mesos's default isolators).
    case posixCPU = "posix/cpu"
    /// Memory usage read from /proc, no limit.
    case posixMemory = "posix/mem"

    var controllers: Set<CgroupMounts.Controller> {
        switch self {
        case .cgroupsCPU: [.cpu, .cpuacct]
        case .cgroupsMemory: [.memory]
        case .cgroupsPids: [.pids]
        default: []
        }
    }
}

/// The isolators an agent uses.
public struct IsolationSettings: Hashable, Sendable {
    public var isolators: Set<Isolator>

    public init(_ isolators: Set<Isolator>) { self.isolators = isolators }

    /// Parses the flag: a comma-separated list, or `none`.
    public static func parse(_ text: String) throws -> IsolationSettings {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names == ["none"] { return IsolationSettings([]) }
        var isolators: Set<Isolator> = []
        for name in names {
            guard let isolator = Isolator(rawValue: name) else {
                let known = Isolator.allCases.map(\.rawValue).joined(separator: ", ")
                throw IsolationError("unknown isolator '\(name)' (known: \(known), or none)")
            }
            isolators.insert(isolator)
        }
        return IsolationSettings(isolators)
    }

    /// The default: cgroups for cpu, memory and pids where the agent may create them,
    /// else the posix isolators (and a log line saying why).
    public static func automatic(mounts: CgroupMounts, root: String) -> (IsolationSettings, String?) {
        let wanted: [Isolator] = [.cgroupsCPU, .cgroupsMemory, .cgroupsPids]
        var missing: [String] = []
        for isolator in wanted {
            for controller in isolator.controllers {
                guard let hierarchy = mounts.hierarchy(for: controller) else {
                    missing.append("\(controller.rawValue) (not mounted)")
                    continue
                }
                if let problem = Self.probe(hierarchy, root: root) { missing.append("\(controller.rawValue) (\(problem))") }
            }
        }
        guard missing.isEmpty else {
            let why = "cgroups are not usable here: " + missing.joined(separator: ", ") + "; running without resource limits (posix/cpu,posix/mem)"
            return (IsolationSettings([.posixCPU, .posixMemory]), why)
        }
        return (IsolationSettings(Set(wanted)), nil)
    }

    /// Whether the agent can create a cgroup under `root` in `hierarchy`; the problem if not.
    static func probe(_ hierarchy: CgroupHierarchy, root: String) -> String? {
        let probe = hierarchy.mountPoint + "/" + root + "/probe-\(getpid())"
        do {
            try Directories.create(probe)
        } catch {
            return "\(error)"
        }
        rmdir(probe)
        return nil
    }

    var cgroupControllers: Set<CgroupMounts.Controller> { Set(self.isolators.flatMap(\.controllers)) }

    public var description: String {
        self.isolators.isEmpty ? "none" : self.isolators.map(\.rawValue).sorted().joined(separator: ",")
    }
}

/// A bad `--isolation`, or an isolator that cannot work on this host.
public struct IsolationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
