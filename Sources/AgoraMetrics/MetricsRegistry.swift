import CoreMetrics
import Prometheus

/// One server's metrics: a Prometheus registry of its own (several servers share
/// `agora dev`'s process, so nothing goes through the process-wide `MetricsSystem`), the
/// swift-metrics factory over it for code written against swift-metrics, and the text
/// exposition `/metrics` serves.
///
/// The master, the agents and the apps and jobs frameworks each make one and register
/// what they measure through it:
///
/// ```swift
/// let metrics = MetricsRegistry()
/// let launches = metrics.counter("agora_apps_launches_total", help: "Tasks launched")
/// let timer = Timer(label: "agora_apps_deployment_seconds", factory: metrics.factory)
/// ```
public final class MetricsRegistry: Sendable {
    /// The underlying registry, for metric kinds the helpers here do not cover.
    public let prometheus: PrometheusCollectorRegistry
    /// A swift-metrics factory writing into this registry (pass it as `factory:`).
    public let factory: PrometheusMetricsFactory

    /// The media type of `exposition()`: Prometheus text format 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Buckets for latencies from a fraction of a millisecond to ten seconds.
    public static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// An empty registry.
    public init() {
        self.prometheus = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: self.prometheus)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.factory = factory
    }

    /// A counter (by convention named `..._total`).
    public func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Prometheus.Counter {
        self.prometheus.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    /// A gauge.
    public func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
        self.prometheus.makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    /// A histogram of durations, exposed in seconds (by convention named `..._seconds`).
    public func durationHistogram(
        _ name: String, help: String, labels: [(String, String)] = [], buckets: [Duration] = MetricsRegistry.latencyBuckets
    ) -> DurationHistogram {
        self.prometheus.makeDurationHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    /// A family's name and help text. A family is either labelled or not, never both.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Everything registered, in the Prometheus text format.
    public func exposition() -> [UInt8] {
        self.prometheus.emitToBuffer()
    }
}
