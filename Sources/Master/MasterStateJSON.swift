import AgoraHTTP
import AgoraModel
import AgoraWire
import MasterCore

/// Renders `/master/state` in the v0 shape tools (web UIs, DNS, the Mesos CLI) read.
struct MasterStateJSON {
    let core: MasterCore
    let address: ListeningAddressView
    let apiVersion: String
    let role: MasterRole
    /// When this process started (Unix seconds); the core starts with each term.
    let startTime: Double

    struct ListeningAddressView {
        var host: String
        var hostname: String
        var port: Int
    }

    func render() -> JSONValue {
        let pid = "master@\(self.address.host):\(self.address.port)"
        let agents = self.core.agents.values.sorted { $0.id < $1.id }
        let frameworks = self.core.frameworks.values.sorted { $0.id < $1.id }
        var fields: [(String, JSONValue)] = [
            ("version", .string(self.apiVersion)),
            ("agora_version", .string(AgoraVersion.current)),
            ("build_date", .string(AgoraVersion.buildDate)),
            ("build_time", .double(0)),
            ("build_user", .string("agora")),
            ("start_time", .double(self.startTime)),
        ]
        // Only the leader says who leads and since when (Mesos).
        if case .leading(let electedAt) = self.role {
            fields += [
                ("elected_time", .double(electedAt)), ("leader", .string(pid)), ("leader_info", self.leaderInfo()),
            ]
        }
        fields += [
            ("id", .string(self.core.masterID)),
            ("pid", .string(pid)),
            ("hostname", .string(self.address.hostname)),
            ("capabilities", ["AGENT_UPDATE"]),
            ("activated_slaves", .int(Int64(agents.filter(\.isConnected).count))),
            ("deactivated_slaves", .int(Int64(agents.filter { !$0.isConnected && $0.isReachable }.count))),
            ("unreachable_slaves", .int(Int64(agents.filter { !$0.isReachable }.count))),
            ("flags", .object([])),
            ("slaves", .array(agents.filter { $0.isReachable && !$0.isRecovering }.map(self.agent))),
            ("recovered_slaves", .array(agents.filter(\.isRecovering).map(self.recoveredAgent))),
            ("frameworks", .array(frameworks.map(self.framework))),
            ("completed_frameworks", .array(self.core.completedFrameworks.map(self.framework))),
            ("orphan_tasks", []),
            ("unregistered_frameworks", []),
        ]
        return .object(fields)
    }

    /// An agent known from the registry that has not re-registered since the failover.
    private func recoveredAgent(_ agent: AgentRecord) -> JSONValue {
        .object([
            ("id", .string(agent.id.value)),
            ("hostname", .string(agent.info.hostname)),
            ("port", .int(Int64(agent.info.port))),
            ("pid", .string("slave(1)@\(agent.info.ip):\(agent.info.port)")),
            ("resources", ResourcesJSON.object(agent.info.resources)),
            ("attributes", .object(agent.info.attributes.map { ($0.name, .string($0.stateValue)) })),
        ])
    }

    private func leaderInfo() -> JSONValue {
        .object([
            ("id", .string(self.core.masterID)),
            ("pid", .string("master@\(self.address.host):\(self.address.port)")),
            ("port", .int(Int64(self.address.port))),
            ("hostname", .string(self.address.hostname)),
            ("version", .string(self.apiVersion)),
            ("address", .object([
                ("hostname", .string(self.address.hostname)), ("ip", .string(self.address.host)),
                ("port", .int(Int64(self.address.port))),
            ])),
        ])
    }

    private func agent(_ agent: AgentRecord) -> JSONValue {
        let total = agent.info.resources
        let used = self.core.usedResources(onAgent: agent.id).unallocated
        let offered = self.core.offers.values.filter { $0.offer.agentID == agent.id }
            .reduce(Resources()) { $0 + $1.offer.resources.unallocated }
        return .object([
            ("id", .string(agent.id.value)),
            ("hostname", .string(agent.info.hostname)),
            ("port", .int(Int64(agent.info.port))),
            ("attributes", .object(agent.info.attributes.map { ($0.name, .string($0.stateValue)) })),
            ("pid", .string("slave(1)@\(agent.info.ip):\(agent.info.port)")),
            ("registered_time", .double(self.core.wallTime(agent.registeredAt))),
            ("reregistered_time", agent.reregisteredAt.map { .double(self.core.wallTime($0)) } ?? .null),
            ("resources", ResourcesJSON.object(total)),
            ("used_resources", ResourcesJSON.object(used)),
            ("offered_resources", ResourcesJSON.object(offered)),
            ("reserved_resources", ResourcesJSON.byRole(total)),
            ("unreserved_resources", ResourcesJSON.object(total.unreserved)),
            ("active", .bool(agent.isConnected)),
            ("deactivated", .bool(false)),
            ("version", .string(self.apiVersion)),
            ("capabilities", ["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT"]),
        ])
    }

    private func framework(_ framework: FrameworkRecord) -> JSONValue {
        let info = framework.info
        let offers = framework.offers.compactMap { self.core.offers[$0]?.offer }.sorted { $0.id < $1.id }
        return .object([
            ("id", .string(framework.id.value)),
            ("name", .string(info.name)),
            ("user", .string(info.user)),
            ("hostname", .string(info.hostname ?? "")),
            ("webui_url", .string(info.webuiURL ?? "")),
            ("principal", info.principal.map(JSONValue.string) ?? .null),
            ("role", .string(info.roles.first ?? Roles.defaultRole)),
            ("roles", .array(info.roles.map(JSONValue.string))),
            ("capabilities", .array(info.capabilities.sorted { $0.rawValue < $1.rawValue }.map { .string(Self.name(of: $0)) })),
            ("active", .bool(framework.isConnected)),
            ("connected", .bool(framework.isConnected)),
            ("recovered", .bool(framework.isRecovered)),
            ("failover_timeout", .double(info.failoverTimeout.seconds)),
            ("checkpoint", .bool(info.checkpoint)),
            ("registered_time", .double(self.core.wallTime(framework.registeredAt))),
            ("reregistered_time", framework.reregisteredAt.map { .double(self.core.wallTime($0)) } ?? .null),
            ("unregistered_time", framework.disconnectedAt.map { .double(self.core.wallTime($0)) } ?? .double(0)),
            ("used_resources", ResourcesJSON.object(self.core.usedResources(of: framework.id).unallocated)),
            ("offered_resources", ResourcesJSON.object(offers.reduce(Resources()) { $0 + $1.resources.unallocated })),
            ("tasks", .array(framework.tasks.values.sorted { $0.spec.taskID < $1.spec.taskID }.map(self.task))),
            ("unreachable_tasks", .array(framework.unreachableTasks.values.sorted { $0.spec.taskID < $1.spec.taskID }.map(self.task))),
            ("completed_tasks", .array(framework.completedTasks.map(self.task))),
            ("offers", .array(offers.map(self.offer))),
            ("executors", []),
        ])
    }

    private func task(_ task: TaskRecord) -> JSONValue {
        .object([
            ("id", .string(task.spec.taskID.value)),
            ("name", .string(task.spec.name)),
            ("framework_id", .string(task.frameworkID.value)),
            ("executor_id", .string(task.spec.executor?.executorID.value ?? "")),
            ("slave_id", .string(task.spec.agentID.value)),
            ("state", .string(task.state.name)),
            ("resources", ResourcesJSON.object(task.spec.resources)),
            ("role", .string(task.role)),
            ("statuses", .array(task.statuses.map { status in
                .object([
                    ("state", .string(status.state.name)),
                    ("timestamp", .double(status.timestamp ?? 0)),
                ])
            })),
        ])
    }

    private func offer(_ offer: Offer) -> JSONValue {
        .object([
            ("id", .string(offer.id.value)),
            ("framework_id", .string(offer.frameworkID.value)),
            ("slave_id", .string(offer.agentID.value)),
            ("resources", ResourcesJSON.object(offer.resources)),
        ])
    }

    static func name(of capability: FrameworkCapability) -> String {
        switch capability {
        case .revocableResources: "REVOCABLE_RESOURCES"
        case .taskKillingState: "TASK_KILLING_STATE"
        case .gpuResources: "GPU_RESOURCES"
        case .sharedResources: "SHARED_RESOURCES"
        case .partitionAware: "PARTITION_AWARE"
        case .multiRole: "MULTI_ROLE"
        case .reservationRefinement: "RESERVATION_REFINEMENT"
        case .regionAware: "REGION_AWARE"
        }
    }
}

/// Agora's own version, reported beside the Mesos API version.
public enum AgoraVersion {
    public static let current = "0.1.0"
    public static let buildDate = "2026-11-22"
}
