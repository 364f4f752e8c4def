// What users of AgoraMetrics need from swift-prometheus: Counter, Gauge, DurationHistogram.
@_exported import Prometheus
