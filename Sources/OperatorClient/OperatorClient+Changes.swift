import AgoraProto

extension OperatorClient {
    /// UPDATE_WEIGHTS, all or nothing; a weight of 1 resets a role to the default.
    public func updateWeights(_ weights: [(role: String, weight: Double)]) async throws(OperatorClientError) {
        try await self.call(Agora_V1_Master_Call.with { call in
            call.type = .updateWeights
            call.updateWeights.weightInfos = weights.map { entry in
                Agora_V1_WeightInfo.with {
                    $0.role = entry.role
                    $0.weight = entry.weight
                }
            }
        })
    }

    /// UPDATE_QUOTA, all or nothing; a config without guarantees or limits removes the
    /// role's quota. `force` skips the checks against the cluster's capacity.
    public func updateQuota(_ configs: [Agora_V1_Quota_QuotaConfig], force: Bool = false) async throws(OperatorClientError) {
        try await self.call(Agora_V1_Master_Call.with {
            $0.type = .updateQuota
            $0.updateQuota.force = force
            $0.updateQuota.quotaConfigs = configs
        })
    }

    /// MARK_AGENT_GONE: the agent never comes back; its tasks end TASK_GONE_BY_OPERATOR.
    public func markAgentGone(_ agentID: String) async throws(OperatorClientError) {
        try await self.call(Agora_V1_Master_Call.with {
            $0.type = .markAgentGone
            $0.markAgentGone.agentID.value = agentID
        })
    }

    /// TEARDOWN: removes the framework and kills its tasks.
    public func teardown(_ frameworkID: String) async throws(OperatorClientError) {
        try await self.call(Agora_V1_Master_Call.with {
            $0.type = .teardown
            $0.teardown.frameworkID.value = frameworkID
        })
    }

    /// Agora's KILL_TASK: kills a task as its framework's KILL would.
    public func killTask(_ taskID: String, frameworkID: String? = nil) async throws(OperatorClientError) {
        try await self.call(Agora_V1_Master_Call.with { call in
            call.type = .killTask
            call.killTask.taskID.value = taskID
            if let frameworkID { call.killTask.frameworkID.value = frameworkID }
        })
    }

    /// Agora's EXPLAIN_ALLOCATION: the allocator's view of `role` (or the framework's first
    /// role), and what stops `demand` — the resources one task needs — from being offered.
    public func explainAllocation(
        role: String? = nil, frameworkID: String? = nil, demand: [Agora_V1_Resource] = []
    ) async throws(OperatorClientError) -> MasterResponse.ExplainAllocation {
        let call = Agora_V1_Master_Call.with { call in
            call.type = .explainAllocation
            if let role { call.explainAllocation.role = role }
            if let frameworkID { call.explainAllocation.frameworkID.value = frameworkID }
            call.explainAllocation.demand = demand
        }
        guard let response = try await self.call(call) else {
            throw OperatorClientError(kind: .unexpected, message: "the master answered EXPLAIN_ALLOCATION with an empty body")
        }
        return response.explainAllocation
    }
}
