import Synchronization

/// Request counters for `/metrics`: by status class and resource.
final class APIMetrics: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    /// The Prometheus side (`/metrics` in the text format).
    let prometheus = AppsPrometheus()

    func record(resource: String, status: Int) {
        self.counts.withLock { counts in
            counts["http.requests.\(resource)", default: 0] += 1
            counts["http.responses.\(status / 100)xx", default: 0] += 1
        }
    }

    /// Every counter, sorted by name.
    var counters: [(key: String, value: Int)] { self.counts.withLock { $0 }.sorted { $0.key < $1.key } }
}
