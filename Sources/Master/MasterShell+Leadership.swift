import AgoraModel
import MasterCore

extension MasterShell {
    /// Becomes the leader for a term named `masterID`: loads the registry from `storage`
    /// and recovers the state machine from it. Calls get 503 until this returns.
    func lead(
        masterID: String, storage: any RegistryStorage, onFailure: @escaping @Sendable (String) -> Void
    ) async throws {
        self.role = .recovering
        self.storage = storage
        self.onLeadershipFailure = onFailure
        let registry: Registry
        do {
            registry = try await storage.load()
        } catch {
            self.role = .standby(leader: self.redirectTarget)
            self.storage = nil
            throw error
        }
        guard self.role == .recovering else { return }
        self.masterInfo = self.masterInfo(id: masterID)
        self.core = MasterCore(
            recovering: registry, configuration: self.settings.core, masterID: masterID, now: self.now,
            wallClock: self.wallClock)
        self.role = .leading(electedAt: self.wallClock)
        self.logger.info("leading", metadata: [
            "master.id": "\(masterID)", "agents.recovering": "\(registry.agents.count)",
            "frameworks.recovered": "\(registry.frameworks.count)",
        ])
    }

    /// Stops acting as leader at once: no more offers, writes or answers; every stream is
    /// closed so agents and frameworks look for the new leader.
    func stepDown(reason: String) {
        guard self.storage != nil || !self.frameworkSinks.isEmpty || !self.agentSinks.isEmpty else { return }
        self.logger.warning("no longer leading", metadata: ["reason": "\(reason)"])
        self.role = .standby(leader: self.redirectTarget)
        self.storage = nil
        self.onLeadershipFailure = nil
        self.discardEffects()
        self.closeAll()
        self.core = MasterCore(configuration: self.settings.core, masterID: "", now: self.now, wallClock: self.wallClock)
    }

    /// Learned who leads now (from ZooKeeper); a standby redirects there.
    func follow(_ leader: LeaderAddress?) {
        self.knownLeader = leader
        if case .standby = self.role { self.role = .standby(leader: self.redirectTarget) }
    }

    /// The known leader, unless that is this master's own (stale) node.
    var redirectTarget: LeaderAddress? {
        guard let leader = self.knownLeader, let address = self.address else { return self.knownLeader }
        let own = self.settings.advertisedHostname ?? address.host
        return leader.hostname == own && leader.port == address.port ? nil : leader
    }
}
