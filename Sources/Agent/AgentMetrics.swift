import AgentCore
import AgoraHTTP
import AgoraMetrics
import AgoraModel
import Foundation

/// The agent's metrics: the Mesos-style snapshot (`/metrics/snapshot`, GET_METRICS) and the
/// Prometheus registry (`/metrics`) with container and task counts.
final class AgentMetrics: Sendable {
    let registry = MetricsRegistry()
    private let containers: Gauge
    private let tasksByState: [TaskState: Gauge]
    private let snapshotGauges: SnapshotGauges

    init() {
        self.containers = self.registry.gauge("agora_agent_containers", help: "Executor containers on the agent")
        var tasks: [TaskState: Gauge] = [:]
        for state in TaskState.allCases {
            tasks[state] = self.registry.gauge("agora_agent_tasks", help: "Tasks on the agent by state", labels: [("state", state.name)])
        }
        self.tasksByState = tasks
        self.snapshotGauges = SnapshotGauges(registry: self.registry)
    }

    /// `slave/*` metrics as Mesos agents name them.
    static func snapshot(core: AgentCore, uptime: Double) -> [(String, Double)] {
        let executors = core.executors.values.flatMap(\.values)
        let tasks = executors.flatMap(\.tasks.values)
        let used = executors.reduce(Resources()) { $0 + $1.spec.resources }
            + tasks.filter { !$0.state.isTerminal }.reduce(Resources()) { $0 + $1.spec.resources }
        var values: [(String, Double)] = [
            ("slave/uptime_secs", uptime),
            ("slave/registered", core.agentID == nil ? 0 : 1),
            ("slave/frameworks_active", Double(core.executors.count)),
            ("slave/executors_running", Double(executors.filter { $0.phase == .running }.count)),
            ("slave/executors_registering", Double(executors.filter { $0.phase == .launching }.count)),
            ("slave/executors_terminating", Double(executors.filter { $0.phase == .terminating }.count)),
            ("slave/executors_terminated", Double(core.completedExecutors.count)),
        ]
        for state in TaskState.allCases.sorted(by: { $0.name < $1.name }) {
            let name = "slave/tasks_" + state.name.dropFirst("TASK_".count).lowercased()
            values.append((name, Double(tasks.filter { $0.state == state }.count)))
        }
        for name in ["cpus", "mem", "disk", "gpus"] {
            let total = core.agent.resources.scalar(name).doubleValue
            let usedAmount = used.scalar(name).doubleValue
            values += [
                ("slave/\(name)_total", total), ("slave/\(name)_used", usedAmount),
                ("slave/\(name)_percent", total > 0 ? usedAmount / total : 0),
            ]
        }
        return values
    }

    /// Brings the Prometheus gauges up to date (before each scrape).
    func refresh(core: AgentCore, uptime: Double) {
        let executors = core.executors.values.flatMap(\.values)
        self.containers.set(Double(executors.count))
        var counts: [TaskState: Int] = [:]
        for task in executors.flatMap(\.tasks.values) { counts[task.state, default: 0] += 1 }
        for (state, gauge) in self.tasksByState { gauge.set(Double(counts[state] ?? 0)) }
        self.snapshotGauges.update(Self.snapshot(core: core, uptime: uptime))
    }
}
