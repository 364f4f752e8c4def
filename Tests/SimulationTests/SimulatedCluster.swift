import AgentCore
import AgoraModel
import MasterCore
import Testing

/// A whole cluster — one master, agents, scripted frameworks and simulated executors — as
/// pure state machines stepped by a seeded scheduler on a virtual clock.
struct SimulatedCluster {
    struct SimAgent {
        var core: AgentCore
        var connection: ConnectionID?
        var streamID = ""
        var executors: [ConnectionID: (FrameworkID, ExecutorID, ContainerID)] = [:]
        var containers: [ContainerID: (FrameworkID, ExecutorID)] = [:]
        /// Tasks each simulated executor runs, and whether they ended.
        var taskEnded: [TaskID: Bool] = [:]
    }

    var master: MasterCore
    /// The registry as the simulated store holds it: what a new leader recovers from.
    var store = Registry()
    var failovers = 0
    let masterConfiguration: MasterConfiguration
    var agents: [SimAgent] = []
    var frameworks: [ScriptedFramework] = []
    var network = SimulatedNetwork()
    var rng: SplitMix64
    var now = MonotonicInstant.zero
    var trace: [String] = []
    var faults = true
    var launching = true
    private var nextConnection = 1
    private var allocationWanted = false
    /// Every terminal state a framework saw, per task (LOST excluded: it may be revised).
    var finalStates: [String: TaskState] = [:]

    init(seed: UInt64, agents: Int, frameworks: Int) {
        self.rng = SplitMix64(seed: seed)
        var configuration = MasterConfiguration()
        configuration.agentTimeout = .seconds(2)
        configuration.agentHeartbeatInterval = .milliseconds(500)
        configuration.heartbeatInterval = .seconds(5)
        configuration.allocator.seed = seed
        self.masterConfiguration = configuration
        self.master = MasterCore(configuration: configuration, masterID: "SIM", now: .zero)
        for index in 0..<agents {
            var agentConfiguration = AgentConfiguration()
            agentConfiguration.statusUpdateRetryMin = .milliseconds(300)
            agentConfiguration.executorRegistrationTimeout = .seconds(5)
            let descriptor = AgentDescriptor(hostname: "agent\(index)", resources: try! Resources.parse("cpus:4;mem:2048"))
            self.agents.append(SimAgent(core: AgentCore(configuration: agentConfiguration, agent: descriptor, seed: seed &+ UInt64(index))))
            self.connectAgent(index)
        }
        for index in 0..<frameworks {
            self.frameworks.append(ScriptedFramework(index: index, partitionAware: index % 2 == 0))
            self.subscribe(index)
        }
    }

    mutating func newConnection() -> ConnectionID {
        self.nextConnection += 1
        return ConnectionID(self.nextConnection)
    }

    mutating func log(_ line: String) {
        self.trace.append("\(self.now): \(line)")
        if self.trace.count > 40 { self.trace.removeFirst() }
    }

    // MARK: - Connections

    mutating func connectAgent(_ index: Int) {
        let connection = self.newConnection()
        self.agents[index].connection = connection
        self.agents[index].streamID = "agent-stream-\(connection.value)"
        let report = self.agents[index].core.report
        let registration = AgentRegistration(
            agent: self.agents[index].core.agent, frameworks: report.frameworks, executors: report.executors, tasks: report.tasks,
            connection: connection, streamID: self.agents[index].streamID)
        self.log("agent \(index) registers on \(connection)")
        self.applyMaster(self.master.agentSubscribe(registration, now: self.now))
    }

    mutating func subscribe(_ index: Int) {
        let connection = self.newConnection()
        self.frameworks[index].connection = connection
        let request = SubscribeRequest(framework: self.frameworks[index].descriptor, connection: connection, streamID: "fw-\(connection.value)")
        self.log("framework \(index) subscribes on \(connection)")
        self.applyMaster(self.master.subscribe(request, now: self.now))
    }

    // MARK: - Master side

    mutating func applyMaster(_ directives: [MasterDirective]) {
        for directive in directives {
            switch directive {
            case .sendToFramework(let connection, let event):
                if let index = self.frameworks.firstIndex(where: { $0.connection == connection }) {
                    self.network.send(.toFramework(index, connection, event), at: self.now, rng: &self.rng)
                }
            case .closeFrameworkStream(let connection):
                if let index = self.frameworks.firstIndex(where: { $0.connection == connection }) { self.frameworks[index].connection = nil }
            case .sendToAgent(let connection, let message):
                if let index = self.agents.firstIndex(where: { $0.connection == connection }) {
                    self.network.send(.masterToAgent(index, connection, message), at: self.now, rng: &self.rng)
                }
            case .closeAgentStream(let connection):
                if let index = self.agents.firstIndex(where: { $0.connection == connection }) {
                    self.agents[index].connection = nil
                    self.agents[index].core.masterDisconnected()
                }
            case .allocationWanted:
                self.allocationWanted = true
            case .persist(let changes):
                self.store = self.store.applying(changes)
            case .publish:
                break
            }
        }
    }
}
