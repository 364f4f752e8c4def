import AgoraPosix
import AgoraSDK
import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts a master and agents on loopback (the `agora` binary next to this one) and runs
/// trivial tasks through the SDK, `--concurrency` at a time, as a framework holding its
/// offers would. Measures tasks per second (first launch to last terminal update) and
/// launch latency (ACCEPT sent → TASK_RUNNING received). Beside it, in the same run, it
/// times the floor of the same machine: spawning `/bin/sh -c true`, and starting the
/// executor binary, one at a time.
struct LaunchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "launch", abstract: "Time task launches end to end.")

    @Option(help: "Number of tasks.") var tasks = 1000
    @Option(help: "Tasks in flight (launched, not yet ended).") var concurrency = 10
    @Option(help: "Number of agents.") var agents = 1
    @Option(help: "Command each task runs.") var command = "true"
    @Option(help: "Run against this cluster instead of starting one: host:port, zk://hosts/path or file:///path.")
    var master: String?
    @Option(help: """
        The agents' isolation: cgroups (cgroups/cpu,cgroups/mem,cgroups/pids), none, or a list of Mesos isolators; \
        default: the agent's default.
        """)
    var isolation: String?
    @Option(help: "Also run with this isolation (e.g. none), interleaved with --isolation, and print both and their ratio.")
    var baseline: String?
    @Option(help: "With --baseline: runs of each isolation, alternating which goes first.") var rounds = 3
    @Option(help: "More flags for the agents, space-separated (e.g. '--cgroups-enable-cfs false').") var agentFlags = ""

    func validate() throws {
        guard self.tasks > 0, self.concurrency > 0, self.agents > 0, self.rounds > 0 else {
            throw ValidationError("--tasks, --concurrency, --agents and --rounds must be positive")
        }
        if self.baseline != nil && self.isolation == nil { throw ValidationError("--baseline needs --isolation") }
        if self.master != nil && (self.isolation != nil || !self.agentFlags.isEmpty) {
            throw ValidationError("--isolation and --agent-flags apply to the cluster this benchmark starts, not to --master")
        }
    }

    func run() async throws {
        let floor = FloorMeasurement.measure(binary: BenchCluster.executorBinary, samples: 100)
        print("floor: sh -c true p50 \(format3(floor.shellP50)) ms; executor start p50 \(format3(floor.executorP50)) ms")
        if let master = self.master {
            let result = try await LaunchRun(master: master, tasks: self.tasks, concurrency: self.concurrency, command: self.command).run()
            print(result.json(floor: floor, concurrency: self.concurrency, isolation: nil))
            return
        }
        guard let baseline = self.baseline, let isolation = self.isolation else {
            let result = try await self.measure(isolation: self.isolation)
            print(result.json(floor: floor, concurrency: self.concurrency, isolation: self.isolation))
            return
        }
        var comparison = IsolationComparison(isolation: isolation, baseline: baseline, tasks: self.tasks)
        for round in 1...self.rounds {
            // Alternate the order so that drift in the machine's speed hits both alike.
            for candidate in round % 2 == 1 ? [baseline, isolation] : [isolation, baseline] {
                let result = try await self.measure(isolation: candidate)
                guard result.failed == 0 else { throw BenchError("\(result.failed) tasks failed with --isolation \(candidate)") }
                let rate = Double(result.tasks) / result.seconds
                print("round \(round) \(candidate): \(format3(rate)) tasks/s, p50 launch \(format3(Percentiles(result.latencies).value(0.5))) ms")
                comparison.record(candidate, rate)
            }
        }
        print(comparison.json(floor: floor))
    }

    /// One run on a fresh cluster whose agents use `isolation`.
    private func measure(isolation: String?) async throws -> LaunchRun.Result {
        let flags = (isolation.map { ["--isolation", IsolationComparison.agentFlag($0)] } ?? [])
            + self.agentFlags.split(separator: " ").map(String.init)
        let cluster = try await BenchCluster.start(agents: self.agents, agentFlags: flags)
        print("cluster: master \(cluster.master), \(self.agents) agent(s), isolation \(isolation ?? "default"), logs in \(cluster.directory)")
        do {
            let before = cluster.cpuUsage()
            let frameworkBefore = BenchCluster.cpuSeconds(getpid()).own
            var result = try await LaunchRun(
                master: cluster.master, tasks: self.tasks, concurrency: self.concurrency, command: self.command
            ).run()
            let after = cluster.cpuUsage()
            result.cpuMillisecondsPerTask = [
                ("master", after.master - before.master), ("agent", after.agents - before.agents),
                ("executors", after.executors - before.executors),
                ("framework", BenchCluster.cpuSeconds(getpid()).own - frameworkBefore),
            ].map { ($0.0, $0.1 * 1000 / Double(self.tasks)) }
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }
}

/// The same machine's floor, measured in the same run.
struct FloorMeasurement {
    var shellP50: Double
    var executorP50: Double

    static func measure(binary: String, samples: Int) -> FloorMeasurement {
        let shell = Self.time(samples) { try Spawner.spawn(SpawnRequest(executable: "/bin/sh", arguments: ["sh", "-c", "true"], environment: [:])) }
        let executor = Self.time(samples) {
            try Spawner.spawn(SpawnRequest(executable: binary, arguments: [binary], environment: [:], stderrPath: "/dev/null"))
        }
        return FloorMeasurement(shellP50: Percentiles(shell).value(0.5), executorP50: Percentiles(executor).value(0.5))
    }

    /// Spawns and waits `count` times; returns milliseconds per run.
    private static func time(_ count: Int, _ spawn: () throws -> pid_t) -> [Double] {
        (0..<count).compactMap { _ in
            let start = ContinuousClock.now
            guard let pid = try? spawn() else { return nil }
            var status: Int32 = 0
            _ = waitpidBlocking(pid, &status)
            return (ContinuousClock.now - start).milliseconds
        }
    }
}

/// The reaper thread owns waitpid in this process; wait through it synchronously.
private func waitpidBlocking(_ pid: pid_t, _ status: inout Int32) -> Int32 {
    let semaphore = DispatchSemaphore(value: 0)
    let box = StatusBox()
    Task {
        box.value = await ProcessReaper.shared.waitForExit(of: pid)
        semaphore.signal()
    }
    semaphore.wait()
    status = box.value
    return pid
}

private final class StatusBox: @unchecked Sendable {
    // Written once before the semaphore is signalled, read after it is waited on.
    var value: Int32 = 0
}

/// Nearest-rank percentiles of a sample.
struct Percentiles {
    let sorted: [Double]
    init(_ values: [Double]) { self.sorted = values.sorted() }
    func value(_ fraction: Double) -> Double {
        guard !self.sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(self.sorted.count)).rounded(.up)) - 1
        return self.sorted[min(max(rank, 0), self.sorted.count - 1)]
    }
}
