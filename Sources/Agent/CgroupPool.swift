import AgentCore
import AgoraModel
import AgoraPosix
import Synchronization

/// Emptied containers' cgroups, kept for the next container instead of removed and created
/// again: renaming a v1 cgroup is a few microseconds, while creating one and removing it (with
/// the kernel's deferred freeing of a memory cgroup) costs a few hundred per container, on
/// every launch. Idle cgroups are named `_idle-<n>` under the agent's directory; an agent that
/// restarts finds them as orphans and removes them.
///
/// Only where every controller is in a v1 hierarchy (v2 cgroups cannot be renamed) and no
/// cumulative counter is read from them (cpuacct co-mounted with cpu), and only cgroups in
/// which the OOM killer never acted (its counter cannot be reset). A reused cgroup gets its
/// memory peak reset and new limits; it may still hold reclaimable page cache of an earlier
/// container, which the kernel reclaims first when the new one needs the room.
final class CgroupPool: Sendable {
    private struct State {
        var idle: [String] = []
        var next = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    /// An idle cgroup's name, if there is one.
    func take() -> String? { self.state.withLock { $0.idle.popLast() } }

    /// A fresh name for a cgroup about to become idle; nil when the pool is full.
    func reserveName() -> String? {
        self.state.withLock { state in
            guard state.idle.count < self.capacity else { return nil }
            state.next += 1
            return "_idle-\(state.next)"
        }
    }

    /// `name` is idle now (renamed to it); false if the pool filled up meanwhile.
    func give(_ name: String) -> Bool {
        self.state.withLock { state in
            guard state.idle.count < self.capacity else { return false }
            state.idle.append(name)
            return true
        }
    }

    /// Every idle name, emptying the pool (at shutdown, to remove them).
    func drain() -> [String] { self.state.withLock { state in defer { state.idle = [] }; return state.idle } }
}
