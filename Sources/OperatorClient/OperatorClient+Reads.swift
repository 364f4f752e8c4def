import AgoraProto

/// The master's answers, as Mesos shapes them.
public typealias MasterResponse = Agora_V1_Master_Response

extension OperatorClient {
    /// GET_HEALTH: whether the master answers as healthy.
    public func health() async throws(OperatorClientError) -> Bool { try await self.read(.getHealth).getHealth.healthy }

    /// GET_FLAGS: the master's settings by name.
    public func flags() async throws(OperatorClientError) -> [Agora_V1_Flag] { try await self.read(.getFlags).getFlags.flags }

    /// GET_VERSION.
    public func version() async throws(OperatorClientError) -> Agora_V1_VersionInfo {
        try await self.read(.getVersion).getVersion.versionInfo
    }

    /// GET_METRICS: the `/metrics/snapshot` values.
    public func metrics() async throws(OperatorClientError) -> [String: Double] {
        var values: [String: Double] = [:]
        for metric in try await self.read(.getMetrics).getMetrics.metrics { values[metric.name] = metric.value }
        return values
    }

    /// GET_STATE: tasks, executors, frameworks and agents in one answer.
    public func state() async throws(OperatorClientError) -> MasterResponse.GetState { try await self.read(.getState).getState }

    /// GET_AGENTS.
    public func agents() async throws(OperatorClientError) -> MasterResponse.GetAgents { try await self.read(.getAgents).getAgents }

    /// GET_FRAMEWORKS.
    public func frameworks() async throws(OperatorClientError) -> MasterResponse.GetFrameworks {
        try await self.read(.getFrameworks).getFrameworks
    }

    /// GET_EXECUTORS.
    public func executors() async throws(OperatorClientError) -> MasterResponse.GetExecutors {
        try await self.read(.getExecutors).getExecutors
    }

    /// GET_TASKS.
    public func tasks() async throws(OperatorClientError) -> MasterResponse.GetTasks { try await self.read(.getTasks).getTasks }

    /// GET_ROLES.
    public func roles() async throws(OperatorClientError) -> [Agora_V1_Role] { try await self.read(.getRoles).getRoles.roles }

    /// GET_WEIGHTS: roles with a weight other than 1.
    public func weights() async throws(OperatorClientError) -> [Agora_V1_WeightInfo] {
        try await self.read(.getWeights).getWeights.weightInfos
    }

    /// GET_QUOTA: roles with quota.
    public func quota() async throws(OperatorClientError) -> [Agora_V1_Quota_QuotaConfig] {
        try await self.read(.getQuota).getQuota.status.configs
    }

    /// GET_MASTER: the leading master's MasterInfo, start and election times.
    public func master() async throws(OperatorClientError) -> MasterResponse.GetMaster { try await self.read(.getMaster).getMaster }
}
