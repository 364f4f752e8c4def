import AgoraModel
import Allocator

extension MasterCore {
    /// An operator's call. Changes that must survive a failover are stored first: the
    /// shell answers only after the `persist` directives are durable.
    public mutating func handle(operator call: OperatorCall, now: MonotonicInstant) -> (OperatorResult, [MasterDirective]) {
        var directives: [MasterDirective] = []
        let result: OperatorResult
        switch call {
        case .updateWeights(let weights):
            result = self.updateWeights(weights, &directives)
        case .updateQuota(let quotas, let force):
            result = self.updateQuota(quotas, force: force, &directives)
        case .markAgentGone(let agentID):
            result = self.markAgentGone(agentID, now: now, &directives)
        case .teardown(let frameworkID):
            guard self.frameworks[frameworkID] != nil else { return (.badRequest("No framework found with specified ID"), []) }
            self.removeFramework(frameworkID, now: now, &directives)
            result = .ok
        case .killTask(let taskID, let frameworkID):
            result = self.operatorKill(taskID, frameworkID: frameworkID, &directives)
        }
        return (result, directives)
    }

    /// Starts or stops operator events (`.publish` directives); the shell turns them on
    /// while the operator API has subscribers.
    public mutating func setPublishesOperatorEvents(_ on: Bool) {
        self.publishesOperatorEvents = on
    }

    private mutating func updateWeights(_ weights: [RoleWeight], _ directives: inout [MasterDirective]) -> OperatorResult {
        for entry in weights {
            if let problem = Roles.validate(entry.role) { return .badRequest("Invalid role '\(entry.role)': \(problem)") }
            guard entry.weight > 0, entry.weight.isFinite else {
                return .badRequest("Invalid weight '\(entry.weight)' for role '\(entry.role)': weights must be positive")
            }
        }
        if Set(weights.map(\.role)).count != weights.count { return .badRequest("Weights list a role more than once") }
        for entry in weights {
            let weight: Double? = entry.weight == 1 ? nil : entry.weight
            self.allocator.setWeight(entry.weight, for: entry.role)
            self.persist(.setWeight(role: entry.role, weight: weight), &directives)
        }
        if !weights.isEmpty { self.wantAllocation(&directives) }
        return .ok
    }

    private mutating func updateQuota(_ quotas: [RoleQuota], force: Bool, _ directives: inout [MasterDirective]) -> OperatorResult {
        if let problem = QuotaValidation.validate(quotas) { return .badRequest(problem) }
        if !force, let problem = self.capacityProblem(quotas) { return .badRequest(problem) }
        for entry in quotas {
            let quota: Quota? = entry.quota.guarantees.isEmpty && entry.quota.limits == nil ? nil : entry.quota
            self.allocator.setQuota(quota, for: entry.role)
            self.persist(.setQuota(role: entry.role, quota: quota), &directives)
        }
        if !quotas.isEmpty { self.wantAllocation(&directives) }
        return .ok
    }

    /// Mesos checks quota against the cluster unless forced: all guarantees together, and
    /// each limit, must fit in what the agents have.
    private func capacityProblem(_ quotas: [RoleQuota]) -> String? {
        let capacity = self.allocator.totals
        var guarantees = ResourceQuantities()
        var updated = self.registry.quotas
        for entry in quotas { updated[entry.role] = entry.quota }
        for quota in updated.values { guarantees += quota.guarantees }
        if !capacity.contains(guarantees) {
            return "Total quota guarantees '\(guarantees)' exceed cluster capacity '\(capacity)' (use 'force' to bypass this check)"
        }
        for entry in quotas {
            if let limits = entry.quota.limits, limits.entries.contains(where: { capacity[$0.name] < $0.amount }) {
                return "Quota limits '\(limits)' of role '\(entry.role)' exceed cluster capacity '\(capacity)' (use 'force' to bypass this check)"
            }
        }
        return nil
    }

    /// KILL_TASK (Agora): the task's framework hears TASK_KILLED from its executor, as after
    /// its own KILL.
    private mutating func operatorKill(_ taskID: TaskID, frameworkID: FrameworkID?, _ directives: inout [MasterDirective]) -> OperatorResult {
        let owners = self.frameworks.values.filter { framework in
            (frameworkID == nil || framework.id == frameworkID)
                && (framework.tasks[taskID].map { !$0.state.isTerminal } ?? false)
        }
        guard let owner = owners.first else { return .notFound("Task '\(taskID)' not found") }
        guard owners.count == 1 else {
            return .badRequest("Task ID '\(taskID)' is used by several frameworks: name the framework")
        }
        let task = owner.tasks[taskID]!
        self.send(.killTask(owner.id, taskID, killGracePeriod: task.spec.killGracePeriod), toAgent: task.spec.agentID, &directives)
        return .ok
    }
}

/// Mesos's structural rules for quota configs (`quota::validate`).
enum QuotaValidation {
    static func validate(_ quotas: [RoleQuota]) -> String? {
        if Set(quotas.map(\.role)).count != quotas.count { return "Invalid QuotaConfig: a role is listed more than once" }
        for entry in quotas {
            if let problem = Roles.validate(entry.role) { return "Invalid 'QuotaConfig.role' '\(entry.role)': \(problem)" }
            if entry.role == Roles.defaultRole {
                return "Invalid 'QuotaConfig.role': setting quota for the default '*' role is not supported"
            }
            if Roles.topLevel(of: entry.role) != entry.role {
                return "Invalid 'QuotaConfig.role' '\(entry.role)': quota is supported for top-level roles only"
            }
            // A guarantee is checked only against a limit on the same resource; no limit means unlimited.
            if let limits = entry.quota.limits,
                entry.quota.guarantees.entries.contains(where: { limits.names.contains($0.name) && limits[$0.name] < $0.amount })
            {
                return "Invalid QuotaConfig for role '\(entry.role)': guarantees '\(entry.quota.guarantees)' exceed limits '\(limits)'"
            }
        }
        return nil
    }
}
