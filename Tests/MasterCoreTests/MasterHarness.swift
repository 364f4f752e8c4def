import AgoraModel
import MasterCore
import Testing

func r(_ text: String) -> Resources {
    do { return try Resources.parse(text) } catch { fatalError("bad fixture '\(text)': \(error)") }
}

/// Drives a MasterCore synchronously with explicit time and remembers what it said.
struct MasterHarness {
    var core: MasterCore
    var now = MonotonicInstant.zero
    var directives: [MasterDirective] = []
    private var nextConnection = 0

    init(_ configure: (inout MasterConfiguration) -> Void = { _ in }) {
        var configuration = MasterConfiguration()
        configuration.allocator.seed = 1
        configure(&configuration)
        self.core = MasterCore(configuration: configuration, masterID: "M", now: .zero, wallClock: 1_700_000_000)
    }

    /// A master taking over from `registry`, its wall clock `wallClock` seconds after the epoch.
    init(recovering registry: Registry, wallClock: Double, _ configure: (inout MasterConfiguration) -> Void = { _ in }) {
        var configuration = MasterConfiguration()
        configuration.allocator.seed = 1
        configure(&configuration)
        self.core = MasterCore(recovering: registry, configuration: configuration, masterID: "N", now: .zero, wallClock: wallClock)
        self.nextConnection = 100
    }

    mutating func connection() -> ConnectionID {
        self.nextConnection += 1
        return ConnectionID(self.nextConnection)
    }

    /// Whether registered agents send their heartbeats as time passes.
    var agentsAlive = true

    /// Moves time forward in steps of at most a second, ticking the core after each step;
    /// live agents heartbeat before every tick.
    mutating func advance(_ seconds: Double) -> [MasterDirective] {
        var remaining = Int64((seconds * 1000).rounded())
        var output: [MasterDirective] = []
        while remaining > 0 {
            let step = min(remaining, 1000)
            remaining -= step
            self.now = self.now + .milliseconds(step)
            if self.agentsAlive {
                for (id, agent) in self.core.agents where agent.isConnected {
                    output += self.agentCall(.heartbeat, from: id).1
                }
            }
            output += self.record(self.core.tick(now: self.now))
        }
        return output
    }

    @discardableResult
    mutating func record(_ directives: [MasterDirective]) -> [MasterDirective] {
        self.directives += directives
        return directives
    }

    /// Subscribes a framework; returns its ID and stream connection.
    mutating func subscribe(
        _ name: String = "f", id: FrameworkID? = nil, roles: [String] = ["*"], failover: Double = 60,
        capabilities: Set<FrameworkCapability> = []
    ) -> (FrameworkID, ConnectionID) {
        let connection = self.connection()
        var info = FrameworkDescriptor(
            id: id, name: name, user: "u", roles: roles, capabilities: capabilities, failoverTimeout: .seconds(failover))
        info.usesRolesField = roles != ["*"]
        if info.usesRolesField { info.capabilities.insert(.multiRole) }
        let output = self.record(self.core.subscribe(
            SubscribeRequest(framework: info, connection: connection, streamID: "stream-\(connection.value)"), now: self.now))
        let assigned = output.compactMap { directive -> FrameworkID? in
            if case .sendToFramework(connection, .subscribed(let id, _)) = directive { return id }
            return nil
        }.first
        if assigned == nil { Issue.record("subscribe failed: \(output)") }
        return (assigned ?? "none", connection)
    }

    mutating func registerAgent(
        _ resources: String = "cpus:4;mem:1024;ports:[31000-31009]", id: AgentID? = nil, hostname: String = "host",
        frameworks: [FrameworkDescriptor] = [], tasks: [ReportedTask] = []
    ) -> (AgentID, ConnectionID) {
        let connection = self.connection()
        let registration = AgentRegistration(
            agent: AgentDescriptor(id: id, hostname: hostname, resources: r(resources)), frameworks: frameworks,
            tasks: tasks, connection: connection, streamID: "agent-\(connection.value)")
        let output = self.record(self.core.agentSubscribe(registration, now: self.now))
        let assigned = output.compactMap { directive -> AgentID? in
            if case .sendToAgent(connection, .subscribed(let agentID, _)) = directive { return agentID }
            return nil
        }.first
        if assigned == nil { Issue.record("agent registration failed: \(output)") }
        return (assigned ?? "none", connection)
    }

    @discardableResult
    mutating func call(_ call: SchedulerCall, from id: FrameworkID) -> (CallResult, [MasterDirective]) {
        let stream = self.core.frameworks[id]?.streamID
        let (result, output) = self.core.handle(call, from: id, streamID: stream, now: self.now)
        self.record(output)
        return (result, output)
    }

    @discardableResult
    mutating func agentCall(_ call: AgentCall, from id: AgentID) -> (CallResult, [MasterDirective]) {
        let stream = self.core.agents[id]?.streamID
        let (result, output) = self.core.handle(call, fromAgent: id, streamID: stream, now: self.now)
        self.record(output)
        return (result, output)
    }

    /// Runs an allocation and returns the offers each framework connection received.
    mutating func allocate() -> [Offer] {
        self.record(self.core.allocate(now: self.now)).flatMap { directive -> [Offer] in
            if case .sendToFramework(_, .offers(let offers)) = directive { return offers }
            return []
        }
    }

    /// A command task using `resources` on `agent`.
    static func task(_ id: String, on agent: AgentID, _ resources: String = "cpus:1;mem:128") -> TaskSpec {
        TaskSpec(taskID: TaskID(id), name: id, agentID: agent, resources: r(resources))
    }

    /// Launches `tasks` on the first offer; returns that offer.
    @discardableResult
    mutating func launch(_ tasks: [TaskSpec], from id: FrameworkID, offer: Offer, refuse: Double = 5) -> [MasterDirective] {
        self.call(.accept(offerIDs: [offer.id], operations: [.launch(tasks)], refuseSeconds: refuse), from: id).1
    }

    mutating func update(
        _ task: String, _ state: TaskState, framework: FrameworkID, agent: AgentID, uuid: UInt8 = 1
    ) -> [MasterDirective] {
        let status = TaskStatus(
            taskID: TaskID(task), state: state, source: .executor, agentID: agent, executorID: ExecutorID(task),
            uuid: Array(repeating: uuid, count: 16))
        return self.agentCall(.update(StatusUpdate(frameworkID: framework, status: status, latestState: state)), from: agent).1
    }
}

extension [MasterDirective] {
    func events(to connection: ConnectionID) -> [FrameworkEvent] {
        self.compactMap {
            if case .sendToFramework(connection, let event) = $0 { return event }
            return nil
        }
    }

    func agentMessages(to connection: ConnectionID) -> [AgentMessage] {
        self.compactMap {
            if case .sendToAgent(connection, let message) = $0 { return message }
            return nil
        }
    }

    func states(to connection: ConnectionID) -> [TaskState] {
        self.events(to: connection).compactMap { event -> TaskState? in
            if case .update(let status) = event { return status.state }
            return nil
        }
    }

    var updates: [TaskStatus] {
        self.compactMap {
            if case .sendToFramework(_, .update(let status)) = $0 { return status }
            return nil
        }
    }
}
