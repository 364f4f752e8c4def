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
        self.core.executorSubscribed(ExecutorID(executor), of: "F", connection: ConnectionID(connection), now: self.now)
    }

    mutating func update(_ task: String, _ state: TaskState, uuid: UInt8) -> (ExecutorCallResult, [AgentDirective]) {
        let status = TaskStatus(taskID: TaskID(task), state: state, source: .executor, uuid: Array(repeating: uuid, count: 16))
        return self.core.executorUpdate(status, from: ExecutorID(task), of: "F", now: self.now)
    }

    mutating func advance(_ seconds: Double) -> [AgentDirective] {
        self.now = self.now + .milliseconds(Int64(seconds * 1000))
        return self.core.tick(now: self.now)
    }
}

extension [AgentDirective] {
    var toMaster: [StatusUpdate] {
        self.compactMap {
            if case .sendToMaster(.update(let update)) = $0 { return update }
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
