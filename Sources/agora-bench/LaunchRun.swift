import AgoraSDK
import Foundation

/// One framework launching tasks through the SDK and timing them.
actor LaunchRun {
    struct Result {
        var tasks: Int
        var seconds: Double
        var latencies: [Double]
        var failed: Int
        /// CPU milliseconds per task spent by each part of the cluster.
        var cpuMillisecondsPerTask: [(String, Double)] = []

        func json(floor: FloorMeasurement, concurrency: Int, isolation: String?) -> String {
            let latency = Percentiles(self.latencies)
            let fields: [(String, String)] = [
                ("tasks", "\(self.tasks)"), ("seconds", format3(self.seconds)),
                ("tasks_per_second", format3(Double(self.tasks) / self.seconds)),
                ("p50_launch_ms", format3(latency.value(0.5))), ("p99_launch_ms", format3(latency.value(0.99))),
                ("max_launch_ms", format3(latency.value(1))), ("failed", "\(self.failed)"), ("concurrency", "\(concurrency)"),
                ("floor_sh_true_ms", format3(floor.shellP50)), ("floor_executor_start_ms", format3(floor.executorP50)),
                ("slurm_22_05_tasks_per_second", "32"), ("isolation", "\"\(isolation ?? "default")\""),
            ] + self.cpuMillisecondsPerTask.map { ("cpu_ms_per_task_\($0.0)", format3($0.1)) }
            return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        }
    }

    let driver: SchedulerDriver
    let total: Int
    let concurrency: Int
    let command: String
    private var held: [Mesos.Offer] = []
    private var launched = 0
    private var inFlight = 0
    private var ended = 0
    private var failed = 0
    private var acceptedAt: [String: ContinuousClock.Instant] = [:]
    private var latencies: [Double] = []
    private var firstLaunch: ContinuousClock.Instant?
    private var lastEnd = ContinuousClock.now

    init(master: String, tasks: Int, concurrency: Int, command: String) throws {
        var configuration = SchedulerConfiguration(master: master, name: "agora-bench-launch")
        configuration.framework.capabilities = []
        self.driver = try SchedulerDriver(configuration: configuration)
        self.total = tasks
        self.concurrency = concurrency
        self.command = command
    }

    func run() async throws -> Result {
        let events = self.driver.events()
        await self.driver.start()
        for await event in events {
            switch event {
            case .offers(let offers):
                self.held += offers
                try await self.launchWhatFits()
            case .rescind(let id):
                self.held.removeAll { $0.offerID == id }
            case .update(let status):
                try await self.record(status)
                if self.ended == self.total {
                    await self.driver.stop(teardown: true)
                    let seconds = (self.lastEnd - (self.firstLaunch ?? self.lastEnd)).seconds
                    return Result(tasks: self.total, seconds: seconds, latencies: self.latencies, failed: self.failed)
                }
            case .error(let message):
                throw BenchError("master error: \(message)")
            default:
                continue
            }
        }
        throw BenchError("event stream ended early")
    }

    private func record(_ status: Mesos.TaskStatus) async throws {
        let id = status.taskID.value
        if status.state == .taskRunning, let start = self.acceptedAt[id] {
            self.latencies.append((ContinuousClock.now - start).milliseconds)
        }
        guard status.state.isTerminal, self.acceptedAt.removeValue(forKey: id) != nil else { return }
        if status.state != .taskFinished { self.failed += 1 }
        self.inFlight -= 1
        self.ended += 1
        self.lastEnd = .now
        if self.ended % 100 == 0 { print("\(self.ended) tasks ended") }
        try await self.launchWhatFits()
    }

    /// Launches on held offers while below the concurrency limit.
    private func launchWhatFits() async throws {
        while self.inFlight < self.concurrency && self.launched < self.total, !self.held.isEmpty {
            let offer = self.held.removeFirst()
            var budget = OfferResources(offer)
            var tasks: [Mesos.TaskInfo] = []
            while self.inFlight + tasks.count < self.concurrency && self.launched + tasks.count < self.total,
                let resources = budget.take(cpus: 0.01, mem: 8)
            {
                tasks.append(.command(id: TaskID("bench-\(self.launched + tasks.count)"), command: self.command, resources: resources, on: offer))
            }
            let now = ContinuousClock.now
            if self.firstLaunch == nil { self.firstLaunch = now }
            for task in tasks { self.acceptedAt[task.taskID.value] = now }
            self.launched += tasks.count
            self.inFlight += tasks.count
            try await self.driver.launch(tasks, on: offer, refuse: .zero)
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
