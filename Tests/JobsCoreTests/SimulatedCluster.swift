import JobsCore
import OfferMatching

/// A fake master and agents: holds the tasks the core launched, answers kills and
/// reconciliation, and remembers every task ID ever launched.
struct SimulatedCluster {
    struct Task {
        var jobID: String
        var state: TaskState
        var agent: String
        var killRequested = false
    }

    /// Non-terminal tasks by ID.
    var tasks: [String: Task] = [:]
    var everLaunched: Set<String> = []
    var duplicateLaunches: [String] = []
    /// Status updates waiting to be delivered (reconciliation answers).
    var pending: [TaskStatusUpdate] = []
    private var offerNumber = 0

    /// Carries out the directives; with `deliverLaunches: false` the launches are lost (the
    /// scheduler died after persisting, before the master got them).
    mutating func apply(_ directives: [JobsDirective], deliverLaunches: Bool = true) {
        for directive in directives {
            switch directive {
            case .launch(_, let agent, let launches) where deliverLaunches:
                for launch in launches {
                    if !self.everLaunched.insert(launch.taskID).inserted { self.duplicateLaunches.append(launch.taskID) }
                    self.tasks[launch.taskID] = Task(jobID: launch.jobID, state: .staging, agent: agent)
                }
            case .kill(let taskID, _, _):
                self.tasks[taskID]?.killRequested = true
            case .reconcile(let list):
                self.answer(list)
            default: break
            }
        }
    }

    /// Explicit reconciliation: the state of each task, `TASK_LOST` for unknown ones; implicit
    /// (empty list): every task the master knows.
    private mutating func answer(_ list: [ReconcileTask]) {
        if list.isEmpty {
            for (id, task) in self.tasks.sorted(by: { $0.key < $1.key }) {
                self.pending.append(TaskStatusUpdate(taskID: id, state: task.state, agentID: task.agent))
            }
            return
        }
        for item in list {
            let state = self.tasks[item.taskID]?.state ?? .lost
            self.pending.append(TaskStatusUpdate(taskID: item.taskID, state: state, agentID: item.agentID, message: "reconciliation"))
        }
    }

    /// Moves a task to `state`; terminal tasks leave the cluster. Returns the update to deliver.
    mutating func move(_ taskID: String, to state: TaskState) -> TaskStatusUpdate? {
        guard var task = self.tasks[taskID] else { return nil }
        task.state = state
        self.tasks[taskID] = state.isTerminal ? nil : task
        return TaskStatusUpdate(taskID: taskID, state: state, agentID: task.agent)
    }

    mutating func offers(count: Int) -> [ResourceOffer] {
        (0..<count).map { index in
            self.offerNumber += 1
            return ResourceOffer(id: "o\(self.offerNumber)", agentID: "a\(index + 1)", hostname: "h\(index + 1)",
                                 attributes: ["rack": .text(index % 2 == 0 ? "r1" : "r2")], cpus: 4, mem: 4096, disk: 4096)
        }
    }

    /// Live tasks of a job.
    func liveTasks(of jobID: String) -> Int { self.tasks.values.filter { $0.jobID == jobID }.count }
}
