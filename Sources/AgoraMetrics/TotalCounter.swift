import Prometheus
import Synchronization

/// A Prometheus counter fed from a running total kept elsewhere (a state machine's
/// counters). A total that goes down started again from zero (a new leadership term), so
/// it counts from there; the counter itself only ever grows.
public final class TotalCounter: Sendable {
    private let counter: Prometheus.Counter
    private let last = Mutex<Int>(0)

    /// Feeds `counter`.
    public init(_ counter: Prometheus.Counter) {
        self.counter = counter
    }

    /// Adds what `total` grew by since the last observation.
    public func observe(total: Int) {
        let delta = self.last.withLock { last in
            defer { last = total }
            return total >= last ? total - last : total
        }
        if delta > 0 { self.counter.increment(by: Int64(delta)) }
    }
}
