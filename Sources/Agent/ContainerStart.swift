import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

/// The system calls that start a container and end one, run off the agent's actor: creating
/// a container's cgroups, writing its limits, spawning its executor and moving it into them
/// take the kernel ~1 ms per container (the v1 cpu controller's attach alone ~0.25 ms of it),
/// and the actor carries every launch, status update and executor call of the agent.
enum ContainerStart {
    /// A started container: the executor's pid, in `cgroups` when there are any.
    struct Started: Sendable {
        let pid: pid_t
        let cgroups: ContainerCgroups?
    }

    /// Creates the cgroups (or takes idle ones from `reuse`) with `limits`, spawns `request`
    /// and moves it into them. On a failure nothing is left behind: the process is killed and
    /// the cgroups removed.
    static func run(
        _ request: SpawnRequest, cgroups: ContainerCgroups?, limits: CgroupLimits?, reuse: CgroupReuse?
    ) throws(SystemError) -> Started {
        if let cgroups, let limits {
            do {
                var limits = limits
                if reuse.map({ Self.takeIdle(from: $0, as: cgroups) }) ?? false {
                    limits.resetUnset = true
                } else {
                    try cgroups.create()
                }
                try cgroups.limit(limits)
            } catch {
                cgroups.remove()
                throw error
            }
        }
        let pid: pid_t
        do {
            pid = try Spawner.spawn(request)
        } catch {
            cgroups?.remove()
            throw error
        }
        if let cgroups {
            // The executor is attached before the agent answers its SUBSCRIBE (which waits
            // for this start to be recorded), so every task it starts is in the container.
            do {
                try cgroups.add(pid)
            } catch {
                kill(pid, SIGKILL)
                cgroups.killAll()
                cgroups.remove()
                throw error
            }
        }
        return Started(pid: pid, cgroups: cgroups)
    }

    /// Renames an idle cgroup to the container's; false (and whatever a failed rename left
    /// removed) if there is none or it cannot be renamed.
    private static func takeIdle(from reuse: CgroupReuse, as cgroups: ContainerCgroups) -> Bool {
        guard let name = reuse.pool.take() else { return false }
        let idle = reuse.idle(name)
        if idle.rename(to: cgroups) { return true }
        idle.remove()
        cgroups.remove()
        return false
    }

    /// Removes a finished container's cgroups, killing what is left in them first if the
    /// removal finds processes; false if some are still on their way out (try again later).
    /// Usually the container is empty by now and the removal alone is enough.
    /// An empty container's cgroups become idle in `reuse`'s pool instead, while it has room,
    /// unless the OOM killer acted in them (the counter cannot be reset, and a container that
    /// got them would see kills that were not its own).
    static func release(_ cgroups: ContainerCgroups, reuse: CgroupReuse?) -> Bool {
        if let reuse, cgroups.oomKills == 0, cgroups.isEmpty, let name = reuse.pool.reserveName() {
            let idle = reuse.idle(name)
            if cgroups.rename(to: idle) {
                // Kept only with its peak reset and while there is room; removed otherwise (it
                // is empty, so the removal succeeds, and a restarted agent removes any orphan).
                do {
                    try idle.resetMemoryPeak()
                } catch {
                    idle.remove()  // a peak that cannot be reset must not reach the next container
                    return true
                }
                if !reuse.pool.give(name) { idle.remove() }
                return true
            }
        }
        if cgroups.remove() { return true }
        cgroups.killAll()
        return cgroups.remove()
    }
}

/// Where emptied cgroups are kept, and the directories of an idle one by name.
struct CgroupReuse: Sendable {
    let pool: CgroupPool
    let idle: @Sendable (String) -> ContainerCgroups
}
