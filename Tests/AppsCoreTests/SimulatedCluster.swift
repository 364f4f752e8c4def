import AppsCore
import OfferMatching
import Testing

/// A tiny Mesos master for the simulation: agents with fixed capacity, the tasks the apps
/// core launched, kills and reconciliation answers waiting to be delivered.
struct SimulatedCluster {
    struct Agent {
        var id: String
        var cpus: Double
        var mem: Double
        var ports: ValueRange
        var rack: String
    }

    struct Task {
        var id: String
        var instanceID: String
        var appID: PathID
        var agent: String
        var cpus: Double
        var mem: Double
        var ports: [Int]
        var state: TaskState
    }

    var agents: [Agent]
    var tasks: [String: Task] = [:]
    var pendingKills: [String] = []
    var pendingStatuses: [TaskStatusUpdate] = []
    var offered: [String: ResourceOffer] = [:]
    private var offerCount = 0

    init(agents: Int) {
        self.agents = (0..<agents).map { Agent(id: "a\($0)", cpus: 4, mem: 4096, ports: ValueRange(31000, 31019), rack: "r\($0 % 2)") }
    }

    var aliveTasks: [Task] { self.tasks.values.filter { !$0.state.isTerminal }.sorted { $0.id < $1.id } }

    /// One offer per agent with what its live tasks leave free.
    mutating func offers() -> [ResourceOffer] {
        self.agents.map { agent in
            let used = self.aliveTasks.filter { $0.agent == agent.id }
            var ports = [agent.ports]
            for port in used.flatMap(\.ports) { ports = ValueRange.removing(port, from: ports) }
            self.offerCount += 1
            let offer = ResourceOffer(
                id: "o\(self.offerCount)", agentID: agent.id, hostname: "host-\(agent.id)", attributes: ["rack": .text(agent.rack)],
                cpus: agent.cpus - used.reduce(0) { $0 + $1.cpus }, mem: agent.mem - used.reduce(0) { $0 + $1.mem }, ports: ports)
            self.offered[offer.id] = offer
            return offer
        }
    }

    /// Applies what the core asked for; records an issue for launches that do not fit their offers.
    mutating func apply(_ directives: [AppsDirective]) {
        for directive in directives {
            switch directive {
            case .launch(let offerIDs, let agentID, let launches): self.launch(offerIDs, agentID, launches)
            case .kill(let taskID, _, _):
                if self.tasks[taskID].map({ !$0.state.isTerminal }) == true { self.pendingKills.append(taskID) }
            case .reconcile(let list): self.answerReconciliation(list)
            default: break
            }
        }
    }

    private mutating func launch(_ offerIDs: [String], _ agentID: String, _ launches: [TaskLaunch]) {
        let offers = offerIDs.compactMap { self.offered.removeValue(forKey: $0) }
        if offers.count != offerIDs.count || offers.contains(where: { $0.agentID != agentID }) {
            Issue.record("launch on unknown, reused or foreign offers \(offerIDs)")
        }
        let cpus = offers.reduce(0) { $0 + ($1.resources["*"]?.scalars["cpus"] ?? 0) }
        let mem = offers.reduce(0) { $0 + ($1.resources["*"]?.scalars["mem"] ?? 0) }
        let freePorts = Set(offers.flatMap { $0.resources["*"]?.ports ?? [] }.flatMap { Array($0.begin...$0.end) })
        let usedCPUs = launches.reduce(0) { $0 + ($1.resources["*"]?.scalars["cpus"] ?? 0) }
        let usedMem = launches.reduce(0) { $0 + ($1.resources["*"]?.scalars["mem"] ?? 0) }
        let usedPorts = launches.flatMap(\.hostPorts)
        if usedCPUs > cpus + 1e-9 || usedMem > mem + 1e-9 || !Set(usedPorts).isSubset(of: freePorts) || Set(usedPorts).count != usedPorts.count {
            Issue.record("launch does not fit its offers: cpus \(usedCPUs)/\(cpus) mem \(usedMem)/\(mem) ports \(usedPorts)")
        }
        for launch in launches {
            if self.tasks[launch.taskID] != nil { Issue.record("task \(launch.taskID) launched twice") }
            if self.aliveTasks.contains(where: { $0.instanceID == launch.instanceID }) {
                Issue.record("instance \(launch.instanceID) got a second live task")
            }
            self.tasks[launch.taskID] = Task(
                id: launch.taskID, instanceID: launch.instanceID, appID: launch.appID, agent: agentID,
                cpus: launch.resources["*"]?.scalars["cpus"] ?? 0, mem: launch.resources["*"]?.scalars["mem"] ?? 0,
                ports: launch.hostPorts, state: .staging)
        }
    }

    private mutating func answerReconciliation(_ list: [ReconcileTask]) {
        if list.isEmpty {
            for task in self.aliveTasks { self.pendingStatuses.append(TaskStatusUpdate(taskID: task.id, state: task.state, agentID: task.agent)) }
            return
        }
        for item in list {
            let state = self.tasks[item.taskID].map(\.state) ?? .unknown
            self.pendingStatuses.append(TaskStatusUpdate(taskID: item.taskID, state: state, agentID: item.agentID))
        }
    }

    /// Changes a task's state and returns the update to deliver.
    mutating func move(_ taskID: String, to state: TaskState) -> TaskStatusUpdate {
        self.tasks[taskID]?.state = state
        return TaskStatusUpdate(taskID: taskID, state: state, agentID: self.tasks[taskID]?.agent)
    }
}
