import AgoraModel
import AgoraWire
import MasterCore

/// Answers the operator API's read calls from a snapshot of the shell.
struct OperatorReads {
    let snapshot: MasterShell.OperatorSnapshot
    let settings: MasterSettings

    func response(for type: OperatorCallMessage.TypeEnum) -> OperatorResponseMessage {
        let wire = OperatorWire(core: self.snapshot.core, apiVersion: self.settings.apiVersion)
        var response = OperatorResponseMessage()
        switch type {
        case .getHealth:
            response.type = .getHealth
            response.getHealth.healthy = true
        case .getFlags:
            response.type = .getFlags
            response.getFlags.flags = self.flags().map { name, value in Agora_V1_Flag.with { $0.name = name; $0.value = value } }
        case .getVersion:
            response.type = .getVersion
            response.getVersion.versionInfo = Self.version(self.settings.apiVersion)
        case .getMetrics:
            response.type = .getMetrics
            response.getMetrics.metrics = self.snapshot.metrics.map { name, value in
                Agora_V1_Metric.with { $0.name = name; $0.value = value }
            }
        case .getState: (response.type, response.getState) = (.getState, wire.getState())
        case .getAgents: (response.type, response.getAgents) = (.getAgents, wire.getAgents())
        case .getFrameworks: (response.type, response.getFrameworks) = (.getFrameworks, wire.getFrameworks())
        case .getExecutors: (response.type, response.getExecutors) = (.getExecutors, wire.getExecutors())
        case .getTasks: (response.type, response.getTasks) = (.getTasks, wire.getTasks())
        case .getRoles: (response.type, response.getRoles) = (.getRoles, wire.getRoles())
        case .getWeights: (response.type, response.getWeights) = (.getWeights, wire.getWeights())
        case .getQuota: (response.type, response.getQuota) = (.getQuota, wire.getQuota())
        case .getMaster:
            response.type = .getMaster
            response.getMaster.masterInfo = self.snapshot.masterInfo
            response.getMaster.startTime = self.snapshot.startTime
            if case .leading(let electedAt) = self.snapshot.role { response.getMaster.electedTime = electedAt }
        default:
            preconditionFailure("\(type) is not a read call")
        }
        return response
    }

    static func version(_ apiVersion: String) -> Agora_V1_VersionInfo {
        Agora_V1_VersionInfo.with {
            $0.version = apiVersion
            $0.buildDate = AgoraVersion.buildDate
            $0.buildTime = 0
            $0.buildUser = "agora"
            $0.gitTag = "agora-" + AgoraVersion.current
        }
    }

    /// The master's settings under Mesos-style flag names.
    private func flags() -> [(String, String)] {
        let settings = self.settings
        let core = settings.core
        var flags: [(String, String)] = [
            ("hostname", settings.advertisedHostname ?? settings.host), ("ip", settings.host), ("port", String(settings.port)),
            ("allocation_interval", Self.text(core.allocator.allocationInterval)),
            ("heartbeat_interval", Self.text(core.heartbeatInterval)),
            ("agent_timeout", Self.text(core.agentTimeout)),
            ("agent_heartbeat_interval", Self.text(core.agentHeartbeatInterval)),
            ("agent_reregister_timeout", Self.text(core.agentReregisterTimeout)),
            ("offer_timeout", core.offerTimeout.map(Self.text) ?? ""),
        ]
        switch settings.registry {
        case .inMemory: flags.append(("registry", "in_memory"))
        case .sqlite(let path): flags += [("registry", "sqlite"), ("registry_path", path)]
        }
        if let zooKeeper = settings.zooKeeper {
            flags += [("zk", zooKeeper.url.description), ("zk_session_timeout", Self.text(zooKeeper.sessionTimeout))]
        }
        return flags
    }

    private static func text(_ duration: Duration) -> String { "\(duration.seconds)secs" }
}

extension MasterShell {
    /// What read calls are answered from, taken in one hop onto the actor.
    struct OperatorSnapshot: Sendable {
        var core: MasterCore
        var role: MasterRole
        var masterInfo: Agora_V1_MasterInfo
        var startTime: Double
        var metrics: [(String, Double)]
    }

    func operatorSnapshot(includingMetrics: Bool) -> OperatorSnapshot {
        let metrics = includingMetrics
            ? MasterMetricsJSON(
                core: self.core, uptimeSeconds: self.uptimeSeconds, lastAllocationMilliseconds: self.lastAllocationMilliseconds,
                isElected: self.role.isLeading, operatorSubscribers: self.operatorSinks.count
            ).values()
            : []
        let info = self.role.isLeading ? self.masterInfo : self.masterInfo(id: self.core.masterID)
        return OperatorSnapshot(core: self.core, role: self.role, masterInfo: info, startTime: self.wallAtStart, metrics: metrics)
    }
}
