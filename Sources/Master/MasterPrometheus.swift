import AgoraMetrics
import AgoraModel
import MasterCore

/// The master's Prometheus metrics (`/metrics`): what it measures as it works (allocation
/// runs, registry writes, status update acknowledgements) and, refreshed at each scrape,
/// counters and gauges from its state machine, including every `/metrics/snapshot` key.
final class MasterPrometheus: Sendable {
    let registry = MetricsRegistry()
    let allocationRun: DurationHistogram
    let registryWrite: DurationHistogram
    let statusUpdateAcknowledgement: DurationHistogram
    private let offersMade: TotalCounter
    private let offersDeclined: TotalCounter
    private let offersRescinded: TotalCounter
    private let tasksByState: [TaskState: Prometheus.Gauge]
    private let snapshot: SnapshotGauges

    init() {
        let registry = self.registry
        self.allocationRun = registry.durationHistogram("agora_allocation_run_seconds", help: "Duration of allocation runs")
        self.registryWrite = registry.durationHistogram(
            "agora_registry_write_seconds", help: "Duration of registry writes, until durable")
        self.statusUpdateAcknowledgement = registry.durationHistogram(
            "agora_status_update_acknowledgement_seconds",
            help: "From a status update reaching the master to its framework's acknowledgement")
        self.offersMade = TotalCounter(registry.counter("agora_offers_made_total", help: "Offers made"))
        self.offersDeclined = TotalCounter(registry.counter("agora_offers_declined_total", help: "Offers declined"))
        self.offersRescinded = TotalCounter(registry.counter("agora_offers_rescinded_total", help: "Offers rescinded"))
        var tasks: [TaskState: Prometheus.Gauge] = [:]
        for state in TaskState.allCases {
            tasks[state] = registry.gauge(
                "agora_tasks", help: "Tasks by state (terminal states: every task that ended so)",
                labels: [("state", state.name)])
        }
        self.tasksByState = tasks
        self.snapshot = SnapshotGauges(registry: registry)
    }

    /// Brings counters and gauges up to date with `core` and the `/metrics/snapshot` values.
    func refresh(core: MasterCore, snapshot: [(String, Double)]) {
        self.offersMade.observe(total: core.metrics.offersMade)
        self.offersDeclined.observe(total: core.metrics.offersDeclined)
        self.offersRescinded.observe(total: core.metrics.offersRescinded)
        var counts = core.metrics.tasksByTerminalState
        for framework in core.frameworks.values {
            for task in framework.tasks.values { counts[task.state, default: 0] += 1 }
            counts[.unreachable, default: 0] += framework.unreachableTasks.count
        }
        for (state, gauge) in self.tasksByState { gauge.set(Double(counts[state] ?? 0)) }
        self.snapshot.update(snapshot)
    }
}
