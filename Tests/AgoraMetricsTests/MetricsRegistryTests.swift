import AgoraMetrics
import CoreMetrics
import Testing

/// The shared metrics helper: one registry per server, Prometheus text out.
@Suite struct MetricsRegistryTests {
    static func text(_ registry: MetricsRegistry) -> String { String(decoding: registry.exposition(), as: UTF8.self) }

    @Test func countersGaugesAndHistogramsAppearInTheExposition() {
        let registry = MetricsRegistry()
        registry.counter("agora_test_things_total", help: "Things").increment(by: Int64(3))
        registry.gauge("agora_test_level", help: "Level", labels: [("kind", "a")]).set(2.5)
        registry.durationHistogram("agora_test_seconds", help: "Durations").record(.milliseconds(3))
        let text = Self.text(registry)
        #expect(text.contains("# TYPE agora_test_things_total counter\nagora_test_things_total 3"))
        #expect(text.contains("# HELP agora_test_level Level"))
        #expect(text.contains(#"agora_test_level{kind="a"} 2.5"#))
        #expect(text.contains(#"agora_test_seconds_bucket{le="0.005"} 1"#))
        #expect(text.contains("agora_test_seconds_count 1"))
    }

    @Test func twoRegistriesDoNotShareMetrics() {
        let first = MetricsRegistry()
        let second = MetricsRegistry()
        first.counter("agora_only_first_total", help: "x").increment()
        #expect(Self.text(first).contains("agora_only_first_total"))
        #expect(!Self.text(second).contains("agora_only_first_total"))
    }

    @Test func swiftMetricsCodeWritesIntoTheRegistryThroughItsFactory() {
        let registry = MetricsRegistry()
        let counter = CoreMetrics.Counter(label: "agora_apps_launches_total", factory: registry.factory)
        counter.increment(by: 2)
        #expect(Self.text(registry).contains("agora_apps_launches_total 2"))
    }

    @Test func totalsThatStartAgainStillOnlyGrowTheCounter() {
        let registry = MetricsRegistry()
        let counter = TotalCounter(registry.counter("agora_offers_total", help: "x"))
        counter.observe(total: 5)
        counter.observe(total: 7)
        counter.observe(total: 2)  // a new term counts from zero again
        counter.observe(total: 2)
        #expect(Self.text(registry).contains("agora_offers_total 9"))
    }

    @Test func snapshotKeysBecomeGaugeNames() {
        let registry = MetricsRegistry()
        let gauges = SnapshotGauges(registry: registry)
        gauges.update([("master/cpus_total", 4), ("allocator/mesos/resources/cpus/total", 4)])
        gauges.update([("master/cpus_total", 6)])
        let text = Self.text(registry)
        #expect(text.contains("agora_master_cpus_total 6"))
        #expect(text.contains("agora_allocator_mesos_resources_cpus_total 4"))
        #expect(SnapshotGauges.sanitize("a/b-c.d") == "a_b_c_d")
    }
}
