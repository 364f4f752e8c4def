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

    /// Creates the cgroups with `limits`, spawns `request` and moves it into them. On a
    /// failure nothing is left behind: the process is killed and the cgroups removed.
    static func run(_ request: SpawnRequest, cgroups: ContainerCgroups?, limits: CgroupLimits?) throws(SystemError) -> Started {
        if let cgroups, let limits {
            do {
                try cgroups.create()
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

    /// Removes a finished container's cgroups, killing what is left in them first if the
    /// removal finds processes; false if some are still on their way out (try again later).
    /// Usually the container is empty by now and the removal alone is enough.
    static func release(_ cgroups: ContainerCgroups) -> Bool {
        if cgroups.remove() { return true }
        cgroups.killAll()
        return cgroups.remove()
    }
}
