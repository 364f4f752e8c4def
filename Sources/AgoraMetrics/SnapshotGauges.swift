import Prometheus
import Synchronization

/// Gauges mirroring a flat snapshot of Mesos-style metrics (`master/cpus_total`), named
/// `<prefix>_master_cpus_total`; each is registered the first time its key is seen.
public final class SnapshotGauges: Sendable {
    private let registry: MetricsRegistry
    private let prefix: String
    private let gauges = Mutex<[String: Prometheus.Gauge]>([:])

    /// Gauges registered in `registry`, named `<prefix>_<sanitized key>`.
    public init(registry: MetricsRegistry, prefix: String = "agora") {
        self.registry = registry
        self.prefix = prefix
    }

    /// Sets every gauge to its value in `snapshot`.
    public func update(_ snapshot: [(String, Double)]) {
        self.gauges.withLock { gauges in
            for (key, value) in snapshot {
                let gauge = gauges[key] ?? {
                    let made = self.registry.gauge(self.prefix + "_" + Self.sanitize(key), help: "Mesos metric \(key)")
                    gauges[key] = made
                    return made
                }()
                gauge.set(value)
            }
        }
    }

    /// `allocator/mesos/resources/cpus/total` → `allocator_mesos_resources_cpus_total`: only
    /// letters, digits and underscores, as Prometheus names allow.
    public static func sanitize(_ key: String) -> String {
        String(key.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
