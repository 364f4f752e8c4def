import AgoraMetrics
import AppsCore
import Prometheus
import Synchronization

/// The apps framework's Prometheus metrics (`/metrics` in the text format): apps, instances,
/// tasks by state, deployments in progress and how long the oldest has run, instances
/// waiting to launch, event listeners and API requests. Gauges are set from the state on
/// each scrape; request counters follow `APIMetrics`' totals.
final class AppsPrometheus: Sendable {
    let registry = MetricsRegistry()
    private let leader: Gauge
    private let apps: Gauge
    private let instances: Gauge
    private let deployments: Gauge
    private let oldestDeployment: Gauge
    private let queued: Gauge
    private let delayed: Gauge
    private let listeners: Gauge
    private let requests: TotalCounter
    private let tasks = Mutex<[String: Gauge]>([:])
    private let responses = Mutex<[String: TotalCounter]>([:])

    init() {
        let registry = self.registry
        self.leader = registry.gauge("agora_apps_leader", help: "1 when this apps server leads")
        self.apps = registry.gauge("agora_apps_apps", help: "Apps defined")
        self.instances = registry.gauge("agora_apps_instances", help: "Instances the apps framework tracks")
        self.deployments = registry.gauge("agora_apps_deployments", help: "Deployments in progress")
        self.oldestDeployment = registry.gauge(
            "agora_apps_deployment_oldest_seconds", help: "How long the oldest deployment in progress has run (0: none)")
        self.queued = registry.gauge("agora_apps_queue_instances", help: "Instances waiting to launch")
        self.delayed = registry.gauge("agora_apps_queue_delayed_apps", help: "Apps whose launches wait out a backoff")
        self.listeners = registry.gauge("agora_apps_event_listeners", help: "Clients of /v2/events")
        self.requests = TotalCounter(registry.counter("agora_apps_http_requests_total", help: "Marathon API requests"))
    }

    /// Brings everything up to date; `view` is nil unless this server leads.
    func refresh(view: AppsView?, listeners: Int, counters: [(key: String, value: Int)]) {
        self.leader.set(view == nil ? 0.0 : 1.0)
        self.listeners.set(Double(listeners))
        self.requests.observe(total: counters.filter { $0.key.hasPrefix("http.requests.") }.reduce(0) { $0 + $1.value })
        for (key, value) in counters where key.hasPrefix("http.responses.") {
            self.responseCounter(String(key.dropFirst("http.responses.".count))).observe(total: value)
        }
        guard let view else { return }
        let core = view.core
        self.apps.set(Double(core.apps.count))
        self.instances.set(Double(core.instances.count))
        self.deployments.set(Double(core.deployments.count))
        let oldest = core.deployments.values.map(\.startedAt).min()
        self.oldestDeployment.set(oldest.map { view.now.seconds(since: $0) } ?? 0)
        let queue = core.queue(now: view.now)
        self.queued.set(Double(queue.reduce(0) { $0 + $1.count }))
        self.delayed.set(Double(queue.filter { !$0.overdue }.count))
        var counts: [String: Int] = ["TASK_RUNNING": 0, "TASK_STAGING": 0]
        for task in core.allTasks { counts[task.state.rawValue, default: 0] += 1 }
        self.tasks.withLock { gauges in
            for state in Set(gauges.keys).union(counts.keys) {
                let gauge = gauges[state] ?? self.registry.gauge("agora_apps_tasks", help: "Tasks by state", labels: [("state", state)])
                gauges[state] = gauge
                gauge.set(Double(counts[state] ?? 0))
            }
        }
    }

    private func responseCounter(_ statusClass: String) -> TotalCounter {
        self.responses.withLock { counters in
            if let counter = counters[statusClass] { return counter }
            let counter = TotalCounter(self.registry.counter(
                "agora_apps_http_responses_total", help: "Marathon API responses by status class", labels: [("class", statusClass)]))
            counters[statusClass] = counter
            return counter
        }
    }
}
