import AppsCore
import OfferMatching
import Testing

func json(_ text: String) -> JSONValue {
    do { return try JSONValue.parse(text) } catch { fatalError("bad fixture JSON \(text): \(error)") }
}

/// Drives an AppsCore synchronously with explicit time, applies its store writes to a
/// dictionary, and checks after every call that each launch was persisted before it.
struct AppsHarness {
    var core: AppsCore
    var now = Timestamp.seconds(1_700_000_000)
    var directives: [AppsDirective] = []
    var store: [String: StoredRecord] = [:]
    private var nextOffer = 0

    init(seed: UInt64 = 7, _ configure: (inout AppsConfiguration) -> Void = { _ in }) {
        var configuration = AppsConfiguration()
        configure(&configuration)
        self.core = AppsCore(configuration: configuration, seed: seed)
    }

    @discardableResult
    mutating func record(_ output: [AppsDirective]) -> [AppsDirective] {
        var persistedTasks: Set<String> = []
        for directive in output {
            switch directive {
            case .persist(let changes):
                for change in changes {
                    switch change {
                    case .put(let record):
                        self.store[record.key] = record
                        if case .instance(let instance) = record, let task = instance.task { persistedTasks.insert(task.id) }
                    case .delete(let key): self.store[key] = nil
                    }
                }
            case .launch(_, _, let tasks):
                for task in tasks where !persistedTasks.contains(task.taskID) {
                    Issue.record("launch of \(task.taskID) was not preceded by its persist")
                }
            default: break
            }
        }
        self.directives += output
        return output
    }

    @discardableResult
    mutating func perform(_ command: AppsCommand) -> AppsCommandResult {
        let (result, output) = self.core.perform(command, context: RequestContext(clientIP: "127.0.0.1", uri: "/v2/apps"), now: self.now)
        self.record(output)
        return result
    }

    @discardableResult
    mutating func handle(_ input: AppsInput) -> [AppsDirective] {
        self.record(self.core.handle(input, now: self.now))
    }

    /// Inputs that arrived together, handled as one batch.
    @discardableResult
    mutating func handle(batch inputs: [AppsInput]) -> [AppsDirective] {
        self.record(self.core.handle(inputs, now: self.now))
    }

    /// Creates an app from JSON text; fails the test if it is refused.
    @discardableResult
    mutating func create(_ text: String) -> DeploymentRef? {
        let result = self.perform(.createApp(json(text), force: false))
        guard case .created(_, let ref) = result else {
            Issue.record("create failed: \(text): \(result)")
            return nil
        }
        return ref
    }

    mutating func update(_ id: String, _ text: String, force: Bool = false) -> AppsCommandResult {
        self.perform(.updateApp(id: id, json(text), partial: true, force: force, createIfMissing: true))
    }

    /// Sends one offer; returns the tasks launched on it.
    @discardableResult
    mutating func offer(
        agent: String = "a1", host: String? = nil, cpus: Double = 8, mem: Double = 8192, ports: [ValueRange] = [ValueRange(31000, 31099)],
        attributes: [String: AttributeValue] = [:]
    ) -> [TaskLaunch] {
        self.nextOffer += 1
        let offer = ResourceOffer(
            id: "o\(self.nextOffer)", agentID: agent, hostname: host ?? "host-\(agent)", attributes: attributes, cpus: cpus, mem: mem, ports: ports)
        return Self.launches(self.handle(.offers([offer])))
    }

    static func launches(_ directives: [AppsDirective]) -> [TaskLaunch] {
        directives.flatMap { directive -> [TaskLaunch] in
            if case .launch(_, _, let tasks) = directive { return tasks }
            return []
        }
    }

    @discardableResult
    mutating func status(_ taskID: String, _ state: TaskState, healthy: Bool? = nil, agent: String? = nil) -> [AppsDirective] {
        self.handle(.statusUpdate(TaskStatusUpdate(taskID: taskID, state: state, agentID: agent, healthy: healthy)))
    }

    /// Marks every launched task RUNNING.
    mutating func runAll(_ launches: [TaskLaunch]) {
        for launch in launches { self.status(launch.taskID, .running) }
    }

    @discardableResult
    mutating func advance(_ seconds: Double) -> [AppsDirective] {
        self.now = self.now.adding(seconds: seconds)
        return self.handle(.tick)
    }

    /// Task IDs killed by `directives`.
    static func kills(_ directives: [AppsDirective]) -> [String] {
        directives.compactMap { directive in
            if case .kill(let taskID, _, _) = directive { return taskID }
            return nil
        }
    }

    static func events(_ directives: [AppsDirective]) -> [String] {
        directives.compactMap { directive in
            if case .emit(let event, _) = directive { return event.eventType }
            return nil
        }
    }

    /// Launched, non-terminal tasks of an app, with their states.
    func tasks(_ app: String) -> [TaskView] { self.core.tasks(of: PathID(app)) }

    func queued(_ app: String) -> Int { self.core.queue(now: self.now).first { $0.app.id == PathID(app) }?.count ?? 0 }
}
