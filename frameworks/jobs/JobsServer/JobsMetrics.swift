import JobsCore

/// Counters of the shell, shown by `/metrics` and `/v1/metrics` in the Dropwizard shape both
/// Chronos and Metronome use (`{version, gauges, counters, histograms, meters, timers}`).
struct JobsMetrics: Sendable {
    var ticks = 0
    var offers = 0
    var updates = 0
    var launched = 0
    var declined = 0
    var revives = 0
    var failedCalls = 0
    var writes = 0
    var writeMillisTotal = 0.0
    var writeMillisMax = 0.0

    /// One durable write and how long it took.
    mutating func recordWrite(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let millis = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        self.writes += 1
        self.writeMillisTotal += millis
        self.writeMillisMax = max(self.writeMillisMax, millis)
    }

    /// The Dropwizard-style document, with the engine's gauges.
    func json(core: JobsCore?) -> JSONValue {
        func count(_ value: Int) -> JSONValue { .object([("count", .number(Double(value)))]) }
        func gauge(_ value: Double) -> JSONValue { .object([("value", .number(value))]) }
        let mean = self.writes == 0 ? 0 : self.writeMillisTotal / Double(self.writes)
        return .object([
            ("version", "4.0.0"),
            ("gauges", .object([
                ("jobs.count", gauge(Double(core?.jobs.count ?? 0))),
                ("runs.active", gauge(Double(core?.runs.count ?? 0))),
                ("runs.queued", gauge(Double(core?.queue().count ?? 0))),
                ("leader", gauge(core == nil ? 0 : 1)),
                ("store.write.mean_ms", gauge(mean)),
                ("store.write.max_ms", gauge(self.writeMillisMax)),
            ])),
            ("counters", .object([
                ("timer.wakeups", count(self.ticks)), ("offers.received", count(self.offers)),
                ("offers.declined", count(self.declined)), ("offers.revives", count(self.revives)),
                ("tasks.launched", count(self.launched)), ("tasks.status_updates", count(self.updates)),
                ("scheduler.calls_failed", count(self.failedCalls)), ("store.writes", count(self.writes)),
            ])),
            ("histograms", .object([])), ("meters", .object([])), ("timers", .object([])),
        ])
    }
}
