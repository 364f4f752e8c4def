import AgoraModel
import MasterCore

/// A framework that launches random tasks on its offers, declines some, kills some, and
/// acknowledges every reliable update. It records what it saw for the invariants.
struct ScriptedFramework {
    let index: Int
    var id: FrameworkID?
    var connection: ConnectionID?
    var held: [OfferID: Offer] = [:]
    var launched: [TaskID: AgentID] = [:]
    var states: [TaskID: TaskState] = [:]
    var nextTask = 0
    /// Tasks launched under an executor of the framework's own.
    var customExecutorTasks = 0
    var isPartitionAware: Bool

    init(index: Int, partitionAware: Bool) {
        self.index = index
        self.isPartitionAware = partitionAware
    }

    var descriptor: FrameworkDescriptor {
        var info = FrameworkDescriptor(id: self.id, name: "sim-\(self.index)", user: "sim", failoverTimeout: .seconds(3600))
        if self.isPartitionAware { info.capabilities = [.partitionAware] }
        return info
    }

    /// Reacts to an event; returns the calls it makes.
    mutating func handle(_ event: FrameworkEvent, rng: inout SplitMix64) -> [SchedulerCall] {
        switch event {
        case .subscribed(let id, _):
            self.id = id
            return [.reconcile([])] + self.reconcileUnfinished()
        case .offers(let offers):
            return offers.map { self.decide($0, rng: &rng) }
        case .rescind(let offerID):
            self.held[offerID] = nil
            return []
        case .update(let status):
            self.states[status.taskID] = status.state
            guard let uuid = status.uuid, let agent = status.agentID else { return [] }
            return [.acknowledge(agentID: agent, taskID: status.taskID, uuid: uuid)]
        default:
            return []
        }
    }

    /// Launch a few tasks that fit, or decline.
    private mutating func decide(_ offer: Offer, rng: inout SplitMix64) -> SchedulerCall {
        if Int.random(in: 0..<4, using: &rng) == 0 {
            return .decline(offerIDs: [offer.id], refuseSeconds: Double(Int.random(in: 0...3, using: &rng)))
        }
        var remaining = offer.resources.unallocated
        var tasks: [TaskSpec] = []
        // Now and then a task under an executor of the framework's own, which holds
        // resources of its own until it exits.
        let executorShare = Resources([.scalar("cpus", 0.1), .scalar("mem", 32)])
        let custom = Int.random(in: 0..<3, using: &rng) == 0 && remaining.contains(executorShare)
        if custom { remaining -= executorShare }
        for _ in 0..<(custom ? 1 : Int.random(in: 1...3, using: &rng)) {
            let cpus = Double(Int.random(in: 1...10, using: &rng)) / 10
            let want = Resources([.scalar("cpus", cpus), .scalar("mem", Double(Int.random(in: 16...128, using: &rng)))])
            guard remaining.contains(want) else { break }
            remaining -= want
            let id = TaskID("f\(self.index)-t\(self.nextTask)")
            self.nextTask += 1
            self.launched[id] = offer.agentID
            var task = TaskSpec(taskID: id, name: id.value, agentID: offer.agentID, resources: want)
            if custom {
                task.executor = ExecutorSpec(executorID: ExecutorID("\(id)-executor"), resources: executorShare)
                task.hasCommand = false
                self.customExecutorTasks += 1
            }
            tasks.append(task)
        }
        return .accept(offerIDs: [offer.id], operations: [.launch(tasks)], refuseSeconds: 0)
    }

    /// Explicit reconciliation of every task not known to have ended, as Mesos advises
    /// frameworks to do after (re-)subscribing.
    func reconcileUnfinished() -> [SchedulerCall] {
        let open = self.launched.filter { self.states[$0.key]?.isTerminal != true }.sorted { $0.key < $1.key }
        guard !open.isEmpty else { return [] }
        return [.reconcile(open.map { ReconcileItem(taskID: $0.key, agentID: $0.value) })]
    }

    /// A random kill of a running task, sometimes.
    mutating func maybeKill(rng: inout SplitMix64) -> SchedulerCall? {
        let running = self.states.filter { $0.value == .running }.keys.sorted()
        guard !running.isEmpty, Int.random(in: 0..<10, using: &rng) == 0 else { return nil }
        let taskID = running.randomElement(using: &rng)!
        return .kill(taskID, agentID: self.launched[taskID], killGracePeriod: .milliseconds(100))
    }
}
