import AgentCore
import AgoraModel
import Testing

func r(_ text: String) -> Resources {
    do { return try Resources.parse(text) } catch { fatalError("bad fixture '\(text)': \(error)") }
}

/// Drives an AgentCore with explicit time.
struct AgentHarness {
    var core: AgentCore
    var now = MonotonicInstant.zero
    let framework = FrameworkDescriptor(id: "F", name: "f", user: "alice")

    init(_ configure: (inout AgentConfiguration) -> Void = { _ in }) {
        var configuration = AgentConfiguration()
        configuration.workDir = "/work"
        configuration.endpoint = "127.0.0.1:5051"
        configure(&configuration)
        self.core = AgentCore(
            configuration: configuration, agent: AgentDescriptor(hostname: "h", resources: r("cpus:4;mem:1024")), seed: 3)
        _ = self.core.registered(as: "A", heartbeatInterval: .seconds(2), now: .zero)
    }

    static func task(_ id: String) -> TaskSpec {
        TaskSpec(taskID: TaskID(id), name: id, agentID: "A", resources: r("cpus:1;mem:32"))
    }

    /// Launches a command task; returns the launch directive.
    mutating func launch(_ id: String) -> ExecutorLaunch? {
        let output = self.core.runTasks(framework: self.framework, executor: nil, tasks: [Self.task(id)], isGroup: false, now: self.now)
        return output.compactMap { directive -> ExecutorLaunch? in
            if case .launchExecutor(let launch) = directive { return launch }
            return nil
        }.first
    }

    mutating func subscribe(_ executor: String, connection: Int) -> (ExecutorCallResult, [AgentDirective]) {
        let (result, output) = self.core.executorSubscribed(ExecutorID(executor), of: "F", connection: ConnectionID(connection), now: self.now)
        return (result, self.delivered(output))
    }

    mutating func update(_ task: String, _ state: TaskState, uuid: UInt8) -> (ExecutorCallResult, [AgentDirective]) {
        let status = TaskStatus(taskID: TaskID(task), state: state, source: .executor, uuid: Array(repeating: uuid, count: 16))
        let (result, output) = self.core.executorUpdate(status, from: ExecutorID(task), of: "F", now: self.now)
        return (result, self.delivered(output))
    }

    /// The framework acknowledges an update (through the master).
    mutating func acknowledge(_ task: String, uuid: UInt8) -> [AgentDirective] {
        self.delivered(self.core.acknowledge(TaskID(task), uuid: Array(repeating: uuid, count: 16), of: "F", now: self.now))
    }

    /// Advances the clock and ticks; calls to the master are delivered (unless `deliver`
    /// is off, to test the outbox).
    mutating func advance(_ seconds: Double) -> [AgentDirective] {
        self.now = self.now + .milliseconds(Int64(seconds * 1000))
        return self.delivered(self.core.tick(now: self.now))
    }

    /// Whether the harness reports every call to the master delivered at once, as a master
    /// answering 202 would.
    var deliver = true

    /// `output` plus what follows from its master calls being delivered.
    mutating func delivered(_ output: [AgentDirective]) -> [AgentDirective] {
        guard self.deliver else { return output }
        var result = output
        var next = output.calls
        while !next.isEmpty {
            let call = next.removeFirst()
            let followUp = self.core.masterCallFinished(call.id, .delivered, now: self.now)
            result += followUp
            next += followUp.calls
        }
        return result
    }
}

extension [AgentDirective] {
    var toMaster: [StatusUpdate] {
        self.compactMap {
            if case .sendToMaster(let call) = $0, case .update(let update) = call.message { return update }
            return nil
        }
    }

    /// Every call to the master, in order.
    var calls: [OutboundCall] {
        self.compactMap {
            if case .sendToMaster(let call) = $0 { return call }
            return nil
        }
    }

    func toExecutor(_ connection: Int) -> [ExecutorEvent] {
        self.compactMap {
            if case .sendToExecutor(ConnectionID(connection), let event) = $0 { return event }
            return nil
        }
    }
}
