import AgoraModel
import Allocator

extension MasterCore {
    /// A master that takes over from `registry` (written by an earlier leader, or by this
    /// master before it restarted), with Mesos's recovery semantics:
    ///
    /// - admitted agents are *recovering*: they hold no resources and their tasks are unknown
    ///   until they re-register; after `agentReregisterTimeout` they become unreachable;
    /// - unreachable agents stay unreachable (a re-registration brings them back) and gone
    ///   agents may never return;
    /// - known frameworks are disconnected and recovered: their failover timeout counts from
    ///   when they disconnected (now, if they were subscribed at the failover), never less
    ///   than `recoveredFrameworkGrace`; removed frameworks may never re-subscribe;
    /// - weights and quota are in force at once; offers of the old leader are gone with it.
    public init(
        recovering registry: Registry, configuration: MasterConfiguration = MasterConfiguration(), masterID: String,
        now: MonotonicInstant, wallClock: Double
    ) {
        self.init(configuration: configuration, masterID: masterID, now: now, wallClock: wallClock)
        self.registry = registry
        for (id, info) in registry.agents {
            self.agents[id] = AgentRecord(
                info: info, id: id, health: .recovering(since: now), registeredAt: now, lastHeard: now, nextHeartbeat: now)
        }
        for (id, entry) in registry.unreachableAgents {
            self.agents[id] = AgentRecord(
                info: entry.info, id: id, health: .unreachable(since: self.instant(ofWallTime: entry.since, now: now)),
                registeredAt: now, lastHeard: now, nextHeartbeat: now)
        }
        for (id, entry) in registry.frameworks {
            let disconnected = entry.disconnectedSince.map { self.instant(ofWallTime: $0, now: now) } ?? now
            self.frameworks[id] = FrameworkRecord(
                info: entry.info, id: id, suppressedRoles: [], registeredAt: now, disconnectedAt: disconnected,
                isRecovered: true)
            self.allocator.addFramework(
                id, roles: Set(entry.info.roles), capabilities: entry.info.capabilities, isActive: false)
        }
        for (role, weight) in registry.weights { self.allocator.setWeight(weight, for: role) }
        for (role, quota) in registry.quotas { self.allocator.setQuota(quota, for: role) }
    }

    /// The monotonic instant of a wall-clock time, as seen from `now` (never in the future:
    /// a leader whose clock runs behind must not postpone timeouts).
    func instant(ofWallTime wall: Double, now: MonotonicInstant) -> MonotonicInstant {
        let ago = max(0, self.wallTime(now) - wall)
        return now - .seconds(fractional: ago)
    }
}
