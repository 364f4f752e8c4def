import ArgumentParser

/// `agora-bench`: performance measurements, each ending with one JSON line.
struct AgoraBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agora-bench",
        abstract: "Agora benchmarks. Each prints progress lines, then one JSON object as its last line.",
        subcommands: [AllocatorBenchmark.self, LaunchBenchmark.self, FailoverBenchmark.self, JobsBenchmark.self, AppsBenchmark.self, AgentRestartBenchmark.self]
    )
}
