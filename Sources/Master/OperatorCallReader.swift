import AgoraModel
import AgoraWire
import Allocator
import MasterCore

/// What an operator call asks for, after Mesos's structural checks
/// (`validation::master::call::validate`); failures become 400s.
enum OperatorRequest: Sendable {
    /// Answered from a snapshot of the master (any master may answer some: see `servedByStandby`).
    case read(OperatorCallMessage.TypeEnum)
    /// Changes the cluster; answered once stored.
    case change(OperatorCall)
    /// The event stream.
    case subscribe
    /// Agora's EXPLAIN_ALLOCATION.
    case explain(role: String?, frameworkID: FrameworkID?, demand: Resources?)
    /// A call Mesos has that Agora does not serve (501).
    case unsupported(String)
}

enum OperatorCallReader {
    static func read(_ call: OperatorCallMessage) throws(WireError) -> OperatorRequest {
        guard call.hasType else { throw Self.invalid("Expecting 'type' to be present") }
        switch call.type {
        case .getHealth, .getFlags, .getVersion, .getMetrics, .getState, .getAgents, .getFrameworks, .getExecutors,
            .getTasks, .getRoles, .getWeights, .getMaster, .getQuota:
            return .read(call.type)
        case .subscribe:
            return .subscribe
        case .updateWeights:
            try Self.require(call.hasUpdateWeights, "update_weights")
            return .change(.updateWeights(try call.updateWeights.weightInfos.map(Self.weight)))
        case .updateQuota:
            try Self.require(call.hasUpdateQuota, "update_quota")
            let configs = try call.updateQuota.quotaConfigs.map(Self.quota)
            return .change(.updateQuota(configs, force: call.updateQuota.force))
        case .setQuota:
            try Self.require(call.hasSetQuota, "set_quota")
            return .change(.updateQuota([try Self.quota(call.setQuota.quotaRequest)], force: call.setQuota.quotaRequest.force))
        case .removeQuota:
            try Self.require(call.hasRemoveQuota, "remove_quota")
            return .change(.updateQuota([RoleQuota(role: call.removeQuota.role, quota: Quota())], force: true))
        case .teardown:
            try Self.require(call.hasTeardown, "teardown")
            return .change(.teardown(FrameworkID(call.teardown.frameworkID.value)))
        case .markAgentGone:
            try Self.require(call.hasMarkAgentGone, "mark_agent_gone")
            return .change(.markAgentGone(AgentID(call.markAgentGone.agentID.value)))
        case .killTask:
            try Self.require(call.hasKillTask, "kill_task")
            let kill = call.killTask
            return .change(.killTask(TaskID(kill.taskID.value), frameworkID: kill.hasFrameworkID ? FrameworkID(kill.frameworkID.value) : nil))
        case .explainAllocation:
            let explain = call.explainAllocation
            let demand = explain.demand.isEmpty ? nil : try Resources(proto: explain.demand)
            return .explain(
                role: explain.hasRole ? explain.role : nil,
                frameworkID: explain.hasFrameworkID ? FrameworkID(explain.frameworkID.value) : nil, demand: demand)
        default:
            return .unsupported("Call type \(SchedulerCallReader.protoName(call.type)) is not supported by Agora")
        }
    }

    private static func weight(_ info: Agora_V1_WeightInfo) throws(WireError) -> RoleWeight {
        guard info.hasRole else { throw WireError("Invalid weight: 'role' must be set") }
        return RoleWeight(role: info.role, weight: info.weight)
    }

    private static func quota(_ config: Agora_V1_Quota_QuotaConfig) throws(WireError) -> RoleQuota {
        let guarantees = try Self.quantities(config.guarantees, field: "guarantees")
        let limits = config.limits.isEmpty ? nil : try Self.quantities(config.limits, field: "limits")
        return RoleQuota(role: config.role, quota: Quota(guarantees: guarantees, limits: limits))
    }

    /// Deprecated SET_QUOTA: the guarantee is also the limit (Mesos 1.9+).
    private static func quota(_ request: Agora_V1_Quota_QuotaRequest) throws(WireError) -> RoleQuota {
        guard request.hasRole else { throw WireError("Invalid QuotaRequest: 'role' must be set") }
        var guarantees = ResourceQuantities()
        for resource in request.guarantee {
            guard resource.type == .scalar, resource.scalar.value >= 0 else {
                throw WireError("Invalid QuotaRequest: '\(resource.name)' must be a non-negative scalar")
            }
            guarantees[resource.name] += Scalar(resource.scalar.value)
        }
        return RoleQuota(role: request.role, quota: Quota(guarantees: guarantees, limits: guarantees))
    }

    private static func quantities(_ map: [String: Agora_V1_Value.Scalar], field: String) throws(WireError) -> ResourceQuantities {
        var quantities = ResourceQuantities()
        for (name, scalar) in map {
            guard !name.isEmpty else { throw WireError("Invalid QuotaConfig: empty resource name in '\(field)'") }
            guard scalar.value >= 0, scalar.value.isFinite else {
                throw WireError("Invalid QuotaConfig: '\(field)' of '\(name)' must be a non-negative number")
            }
            quantities[name] = Scalar(scalar.value)
        }
        return quantities
    }

    private static func require(_ present: Bool, _ field: String) throws(WireError) {
        if !present { throw Self.invalid("Expecting '\(field)' to be present") }
    }

    static func invalid(_ message: String) -> WireError {
        WireError("Failed to validate master::Call: \(message)")
    }
}

extension OperatorCallMessage.TypeEnum {
    /// Calls any master answers, leading or not: about the master itself.
    var servedByStandby: Bool {
        switch self {
        case .getHealth, .getFlags, .getVersion, .getMetrics, .getMaster: true
        default: false
        }
    }
}
