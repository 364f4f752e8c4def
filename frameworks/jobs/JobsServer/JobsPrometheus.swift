import AgoraMetrics
import Foundation
import JobsCore
import Prometheus
import Synchronization

/// The jobs framework's Prometheus metrics (`/metrics` in the text format): jobs, active and
/// queued runs, the shell's counters, and how late runs started (due time to launch), fed
/// from the run history each scrape finds new entries in.
final class JobsPrometheus: Sendable {
    let registry = MetricsRegistry()
    private let leader: Gauge
    private let jobs: Gauge
    private let active: Gauge
    private let queued: Gauge
    private let lateness: DurationHistogram
    private let offers, declined, launched, updates, failedCalls, writes: TotalCounter
    /// Per job, the end of the newest history entry already observed.
    private let observedUntil = Mutex<[String: Timestamp]>([:])

    /// Lateness buckets: from a tenth of a second to an hour.
    static let latenessBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        .seconds(300), .seconds(900), .seconds(3600),
    ]

    init() {
        let registry = self.registry
        self.leader = registry.gauge("agora_jobs_leader", help: "1 when this jobs server leads")
        self.jobs = registry.gauge("agora_jobs_jobs", help: "Jobs defined")
        self.active = registry.gauge("agora_jobs_runs_active", help: "Runs launched and not finished")
        self.queued = registry.gauge("agora_jobs_runs_queued", help: "Runs due and waiting for an offer")
        self.lateness = registry.durationHistogram(
            "agora_jobs_lateness_seconds", help: "How late runs were launched after their due time", buckets: Self.latenessBuckets)
        let counter = { (name: String, help: String) in TotalCounter(registry.counter(name, help: help)) }
        self.offers = counter("agora_jobs_offers_received_total", "Offers received")
        self.declined = counter("agora_jobs_offers_declined_total", "Offers declined")
        self.launched = counter("agora_jobs_tasks_launched_total", "Tasks launched")
        self.updates = counter("agora_jobs_status_updates_total", "Task status updates received")
        self.failedCalls = counter("agora_jobs_scheduler_calls_failed_total", "Scheduler calls that failed")
        self.writes = counter("agora_jobs_store_writes_total", "Durable state writes")
    }

    /// Brings everything up to date; `core` is nil unless this server leads.
    func refresh(core: JobsCore?, metrics: JobsMetrics) {
        self.leader.set(core == nil ? 0.0 : 1.0)
        self.offers.observe(total: metrics.offers)
        self.declined.observe(total: metrics.declined)
        self.launched.observe(total: metrics.launched)
        self.updates.observe(total: metrics.updates)
        self.failedCalls.observe(total: metrics.failedCalls)
        self.writes.observe(total: metrics.writes)
        guard let core else { return }
        self.jobs.set(Double(core.jobs.count))
        self.active.set(Double(core.runs.count))
        self.queued.set(Double(core.queue().count))
        let fresh = self.observedUntil.withLock { observed in
            core.jobIDs.flatMap { id -> [RunHistoryEntry] in
                let since = observed[id]
                let entries = core.history(of: id).filter { since == nil || $0.finishedAt > since! }
                if let newest = entries.map(\.finishedAt).max() { observed[id] = newest }
                return entries
            }
        }
        for seconds in fresh.compactMap(\.latenessSeconds) {
            self.lateness.record(.milliseconds(Int64((max(seconds, 0) * 1000).rounded())))
        }
    }
}

extension JobsShell {
    /// Refreshes `prometheus` from the engine and the shell's counters.
    func refresh(_ prometheus: JobsPrometheus) {
        prometheus.refresh(core: self.core, metrics: self.metrics)
    }
}
