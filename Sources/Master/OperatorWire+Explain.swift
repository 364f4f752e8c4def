import AgoraModel
import AgoraWire
import Allocator
import MasterCore

extension OperatorWire {
    /// Agora's EXPLAIN_ALLOCATION answer.
    func explanation(_ explanation: AllocationExplanation, now: MonotonicInstant) -> OperatorResponseMessage.ExplainAllocation {
        var message = OperatorResponseMessage.ExplainAllocation()
        message.roles = explanation.roles.map(self.role)
        message.agents = explanation.agents.map { self.agent($0, now: now) }
        message.totals = Self.scalars(explanation.totals)
        message.reasons = explanation.reasons
        return message
    }

    private func role(_ view: RoleAllocationView) -> OperatorResponseMessage.ExplainAllocation.Role {
        var role = OperatorResponseMessage.ExplainAllocation.Role()
        role.name = view.name
        role.weight = view.weight
        if let share = view.share { role.share = share }
        if let quota = view.quota { role.quota = Self.config(role: Roles.topLevel(of: view.name), quota: quota) }
        role.consumed = Self.scalars(view.consumed)
        role.frameworks = view.frameworks.map { entry in
            OperatorResponseMessage.ExplainAllocation.FrameworkInRole.with {
                $0.frameworkID.value = entry.frameworkID.value
                if let framework = self.core.frameworks[entry.frameworkID] {
                    $0.name = framework.info.name
                    $0.connected = framework.isConnected
                }
                $0.suppressed = entry.isSuppressed
                if let share = entry.share { $0.share = share }
            }
        }
        return role
    }

    private func agent(_ entry: AgentExplanation, now: MonotonicInstant) -> OperatorResponseMessage.ExplainAllocation.Agent {
        typealias Message = OperatorResponseMessage.ExplainAllocation
        var agent = Message.Agent()
        agent.agentID.value = entry.view.agentID.value
        agent.hostname = entry.hostname
        agent.active = entry.view.isActive
        agent.total = entry.view.total.proto()
        agent.available = entry.view.available.proto()
        agent.offeredOrUsed = entry.view.held.sorted { $0.key < $1.key }.flatMap { frameworkID, resources in
            resources.allocationRoles.sorted().map { role in
                Message.Offered.with {
                    $0.frameworkID.value = frameworkID.value
                    $0.role = role
                    $0.resources = resources.filter { $0.allocationRole == role }.proto()
                }
            }
        }
        agent.filters = entry.view.filters.map { filter in
            Message.Filter.with {
                $0.frameworkID.value = filter.frameworkID.value
                $0.role = filter.role
                $0.refused = filter.refused.proto()
                $0.expiresInSeconds = max(0, (filter.expiry - now).seconds)
            }
        }
        if let shortfall = entry.shortfall {
            agent.shortfall = shortfall.entries.map { Resource.scalar($0.name, $0.amount.doubleValue).proto() }
        }
        return agent
    }
}
