import AgoraSDK

/// A checkpointing framework that starts `tasks` long-running tasks and keeps count of any
/// that end or go lost afterwards.
actor RunningTasks {
    let driver: SchedulerDriver
    let total: Int
    private var launched = 0
    private var running: Set<String> = []
    /// Tasks that reached a terminal or unreachable state (none should).
    private(set) var lost = 0
    private var pump: Task<Void, Never>?
    private var waiter: CheckedContinuation<Void, any Error>?

    init(master: String, tasks: Int) throws {
        var configuration = SchedulerConfiguration(master: master, name: "agora-bench-agent-restart")
        configuration.framework.checkpoint = true
        self.driver = try SchedulerDriver(configuration: configuration)
        self.total = tasks
    }

    /// Launches the tasks and returns once all of them run.
    func start() async throws {
        let events = self.driver.events()
        await self.driver.start()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            self.waiter = continuation
            self.pump = Task { for await event in events { await self.handle(event) } }
        }
    }

    private func handle(_ event: SchedulerEvent) async {
        do {
            switch event {
            case .offers(let offers):
                for offer in offers { try await self.launch(on: offer) }
            case .update(let status):
                self.record(status)
            case .error(let message):
                self.finish(throwing: BenchError("master error: \(message)"))
            default:
                break
            }
        } catch {
            self.finish(throwing: error)
        }
    }

    private func launch(on offer: Mesos.Offer) async throws {
        var budget = OfferResources(offer)
        var tasks: [Mesos.TaskInfo] = []
        while self.launched + tasks.count < self.total, let resources = budget.take(cpus: 0.01, mem: 8) {
            tasks.append(.command(id: TaskID("sleeper-\(self.launched + tasks.count)"), command: "sleep 3600", resources: resources, on: offer))
        }
        self.launched += tasks.count
        try await self.driver.launch(tasks, on: offer, refuse: tasks.isEmpty ? .seconds(3600) : .zero)
    }

    private func record(_ status: Mesos.TaskStatus) {
        switch status.state {
        case .taskRunning:
            self.running.insert(status.taskID.value)
            if self.running.count == self.total { self.finish(throwing: nil) }
        case .taskStaging, .taskStarting:
            break
        default:
            self.lost += 1
            print("task \(status.taskID.value) is \(status.state.name): \(status.message)")
            self.finish(throwing: BenchError("task \(status.taskID.value) reached \(status.state.name) while starting"))
        }
    }

    private func finish(throwing error: (any Error)?) {
        guard let waiter = self.waiter else { return }
        self.waiter = nil
        if let error { waiter.resume(throwing: error) } else { waiter.resume() }
    }

    func stop() async {
        await self.driver.stop(teardown: true)
        self.pump?.cancel()
    }
}
