import AgoraModel
import Allocator
import ArgumentParser

/// Reproduces Mesos's allocator benchmarks on the pure allocator:
///
/// - default: `HierarchicalAllocator_BENCHMARK_Test.DeclineOffers` — agents of
///   `cpus:24;mem:4096;disk:4096;ports:[31000-32000]`, each with `cpus:16;mem:2014;disk:1024`
///   and 16 port fragments already used by one framework (round robin); every round declines
///   all offers of the previous one with a year-long filter, then times one `allocate()`.
/// - `--quota`: `LargeAndSmallQuota` — agents of `cpus:2;mem:2048;disk:2048`, 5/6 of the
///   roles with quota `cpus:1;mem:1024;disk:1024`, 1/6 with `cpus:4;mem:4096;disk:4096`, one
///   framework per role, as many roles as agents. Every round times the cycle that satisfies
///   all quota; the offers are then returned without filters so the next round repeats it.
struct AllocatorBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocator", abstract: "Time allocation cycles of the DRF allocator.")

    @Option(help: "Number of agents.") var agents = 10_000
    @Option(help: "Number of frameworks (ignored with --quota: one per role).") var frameworks = 1_000
    @Option(help: "Number of timed allocation rounds.") var rounds = 5
    @Flag(help: "Run the LargeAndSmallQuota shape instead of DeclineOffers.") var quota = false
    @Option(help: "Seed of the allocator's agent shuffle.") var seed: UInt64 = 1

    func validate() throws {
        guard self.agents > 0, self.frameworks > 0, self.rounds > 0 else {
            throw ValidationError("--agents, --frameworks and --rounds must be positive")
        }
        if self.quota && self.agents < 6 { throw ValidationError("--quota needs at least 6 agents") }
    }

    func run() throws {
        var setup = self.quota ? try QuotaScenario(agents: self.agents, seed: self.seed).build()
            : try DeclineScenario(agents: self.agents, frameworks: self.frameworks, seed: self.seed).build()
        print("setup: \(setup.description)")
        var report = BenchmarkReport()
        var floorReport = BenchmarkReport()
        var floor = self.quota ? nil : HeapDRFFloor(agents: self.agents, frameworks: self.frameworks, seed: self.seed)
        var now = MonotonicInstant.zero
        var previous: [OfferGrant] = []
        let clock = ContinuousClock()
        for round in 0..<self.rounds {
            setup.returnOffers(previous, &setup.allocator, now)
            now = now + .seconds(1)
            var grants: [OfferGrant] = []
            let elapsed = clock.measure { grants = setup.allocator.allocate(now: now) }
            report.record(elapsed, offers: grants.count)
            var line = "round \(round) allocate() took \(Self.format(elapsed)) to make \(grants.count) offers"
            if floor != nil {
                var floorOffers = 0
                let floorElapsed = clock.measure { floorOffers = floor!.round() }
                floorReport.record(floorElapsed, offers: floorOffers)
                line += "; heap-DRF floor took \(Self.format(floorElapsed)) for \(floorOffers)"
            }
            print(line)
            previous = grants
        }
        var extra = [
            "shape": "\"\(self.quota ? "LargeAndSmallQuota" : "DeclineOffers")\"",
            "setup_ms": format3(setup.setupMilliseconds),
            "mesos_published_ms": Self.mesosPublished(quota: self.quota, agents: self.agents, frameworks: self.frameworks),
        ]
        if floor != nil { extra["floor_p50_ms"] = format3(floorReport.p50) }
        print(report.json(agents: self.agents, frameworks: setup.frameworkCount, rounds: self.rounds, extra: extra))
    }

    static func format(_ duration: Duration) -> String { "\(format3(duration.milliseconds)) ms" }

    /// Mesos's own published cycle time for the same shape (reference/performance.md §1.2),
    /// measured on its developers' machines, not here: context, not a baseline.
    static func mesosPublished(quota: Bool, agents: Int, frameworks: Int) -> String {
        switch (quota, agents, frameworks) {
        case (false, 10_000, 1_000): "1060"
        case (false, 10_000, 3_000): "2470"
        case (true, 3_000, _): "15390"
        default: "null"
        }
    }
}

/// A built allocator plus how the benchmark hands offers back between rounds.
struct BenchmarkSetup {
    var allocator: Allocator
    var frameworkCount: Int
    var setupMilliseconds: Double
    var description: String
    var returnOffers: (_ grants: [OfferGrant], _ allocator: inout Allocator, _ now: MonotonicInstant) -> Void
}

extension Duration {
    var milliseconds: Double { self.seconds * 1000 }
}

func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return String(scaled)
}
