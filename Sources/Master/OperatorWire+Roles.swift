import AgoraModel
import AgoraWire
import Allocator
import MasterCore

extension OperatorWire {
    /// Every role with frameworks, a weight or quota (Mesos GET_ROLES), with what its
    /// live tasks use.
    func getRoles() -> OperatorResponseMessage.GetRoles {
        var frameworksByRole: [String: [FrameworkID]] = [:]
        var used: [String: Resources] = [:]
        for framework in self.core.frameworks.values {
            for role in framework.info.roles { frameworksByRole[role, default: []].append(framework.id) }
            for task in framework.tasks.values where !task.state.isTerminal {
                used[task.role, default: Resources()] += task.spec.resources
            }
        }
        let names = Set(frameworksByRole.keys).union(self.core.registry.weights.keys).union(self.core.registry.quotas.keys)
            .union(used.keys)
        var message = OperatorResponseMessage.GetRoles()
        message.roles = names.sorted().map { name in
            var role = Agora_V1_Role()
            role.name = name
            role.weight = self.core.registry.weights[name] ?? 1
            role.frameworks = (frameworksByRole[name] ?? []).sorted().map { id in Agora_V1_FrameworkID.with { $0.value = id.value } }
            role.resources = (used[name] ?? Resources()).proto()
            return role
        }
        return message
    }

    func getWeights() -> OperatorResponseMessage.GetWeights {
        var message = OperatorResponseMessage.GetWeights()
        message.weightInfos = self.core.registry.weights.sorted { $0.key < $1.key }.map { role, weight in
            Agora_V1_WeightInfo.with {
                $0.role = role
                $0.weight = weight
            }
        }
        return message
    }

    func getQuota() -> OperatorResponseMessage.GetQuota {
        var message = OperatorResponseMessage.GetQuota()
        message.status = Agora_V1_Quota_QuotaStatus()
        for (role, quota) in self.core.registry.quotas.sorted(by: { $0.key < $1.key }) {
            message.status.configs.append(Self.config(role: role, quota: quota))
            message.status.infos.append(Agora_V1_Quota_QuotaInfo.with { info in
                info.role = role
                info.guarantee = quota.guarantees.entries.map { Resource.scalar($0.name, $0.amount.doubleValue).proto() }
            })
        }
        return message
    }

    static func config(role: String, quota: Quota) -> Agora_V1_Quota_QuotaConfig {
        var config = Agora_V1_Quota_QuotaConfig()
        config.role = role
        config.guarantees = Self.scalars(quota.guarantees)
        if let limits = quota.limits { config.limits = Self.scalars(limits) }
        return config
    }

    static func scalars(_ quantities: ResourceQuantities) -> [String: Agora_V1_Value.Scalar] {
        var map: [String: Agora_V1_Value.Scalar] = [:]
        for entry in quantities.entries { map[entry.name] = Agora_V1_Value.Scalar.with { $0.value = entry.amount.doubleValue } }
        return map
    }
}
