import JobsCore
import OfferMatching
import Testing

func json(_ text: String) -> JSONValue {
    do { return try JSONValue.parse(text) } catch { fatalError("bad fixture JSON \(text): \(error)") }
}

func at(_ text: String) -> Timestamp {
    guard let instant = Timestamp(iso8601: text) else { fatalError("bad fixture instant \(text)") }
    return instant
}

/// Drives a JobsCore with explicit time, applies its store writes to a dictionary, and checks
/// after every call that each launch was persisted before it and that the wake-up comes last.
struct JobsHarness {
    var core: JobsCore
    var configuration: JobsConfiguration
    var now: Timestamp
    var store: [String: StoredRecord] = [:]
    var directives: [JobsDirective] = []
    var launches: [TaskLaunch] = []
    private var nextOffer = 0

    init(now: String = "2026-03-01T00:00:00Z", seed: UInt64 = 7, _ configure: (inout JobsConfiguration) -> Void = { _ in }) {
        var configuration = JobsConfiguration()
        configure(&configuration)
        self.configuration = configuration
        self.core = JobsCore(configuration: configuration, seed: seed)
        self.now = at(now)
    }

    @discardableResult
    mutating func record(_ output: [JobsDirective]) -> [JobsDirective] {
        var persistedTasks: Set<String> = []
        for (index, directive) in output.enumerated() {
            switch directive {
            case .persist(let changes):
                for change in changes { self.apply(change, &persistedTasks) }
            case .launch(_, _, let tasks):
                for task in tasks where !persistedTasks.contains(task.taskID) {
                    Issue.record("launch of \(task.taskID) was not preceded by its persist")
                }
                self.launches += tasks
            case .wakeUp:
                if index != output.count - 1 { Issue.record("wakeUp is not the last directive") }
            default: break
            }
        }
        self.directives += output
        return output
    }

    private mutating func apply(_ change: StoreChange, _ persistedTasks: inout Set<String>) {
        switch change {
        case .put(let record):
            self.store[record.key] = record
            if case .run(let run) = record { persistedTasks.formUnion(run.attempts.map(\.taskID)) }
        case .delete(let key): self.store[key] = nil
        }
    }

    @discardableResult
    mutating func perform(_ command: JobsCommand) -> JobsCommandResult {
        let (result, output) = self.core.perform(command, now: self.now)
        self.record(output)
        return result
    }

    @discardableResult
    mutating func handle(_ input: JobsInput) -> [JobsDirective] {
        self.record(self.core.handle(input, now: self.now))
    }

    /// Posts a Chronos job; fails the test unless it is accepted.
    mutating func chronos(_ text: String, kind: ChronosJobKind = .scheduled, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = self.perform(.chronosUpsert(json(text), kind: kind))
        #expect(result == .noContent, "\(result)", sourceLocation: sourceLocation)
    }

    /// Creates a Metronome job; fails the test unless it is created.
    mutating func metronome(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = self.perform(.metronomeCreateJob(json(text)))
        #expect(result.statusCode == 201, "\(result)", sourceLocation: sourceLocation)
    }

    /// Sends one offer; returns the tasks launched on it.
    @discardableResult
    mutating func offer(agent: String = "a1", cpus: Double = 8, mem: Double = 8192, disk: Double = 10_000,
                        attributes: [String: AttributeValue] = [:]) -> [TaskLaunch] {
        self.nextOffer += 1
        let offer = ResourceOffer(id: "o\(self.nextOffer)", agentID: agent, hostname: "host-\(agent)", attributes: attributes,
                                  cpus: cpus, mem: mem, disk: disk)
        return Self.launches(self.handle(.offers([offer])))
    }

    @discardableResult
    mutating func status(_ taskID: String, _ state: TaskState, message: String? = nil) -> [JobsDirective] {
        self.handle(.statusUpdate(TaskStatusUpdate(taskID: taskID, state: state, agentID: "a1", message: message)))
    }

    /// Moves time forward and ticks.
    @discardableResult
    mutating func advance(_ seconds: Double) -> [JobsDirective] {
        self.now = self.now.adding(seconds: seconds)
        return self.handle(.tick)
    }

    /// Moves time to an instant and ticks.
    @discardableResult
    mutating func advance(to instant: String) -> [JobsDirective] {
        self.now = at(instant)
        return self.handle(.tick)
    }

    /// Rebuilds the core from the store (a restart or leader change), at the current time.
    @discardableResult
    mutating func restart(seed: UInt64 = 99) -> [JobsDirective] {
        let (core, output) = JobsCore.recover(from: PersistedState(records: Array(self.store.values)),
                                              configuration: self.configuration, seed: seed, now: self.now)
        self.core = core
        return self.record(output)
    }

    static func launches(_ directives: [JobsDirective]) -> [TaskLaunch] {
        directives.flatMap { directive -> [TaskLaunch] in
            if case .launch(_, _, let tasks) = directive { return tasks }
            return []
        }
    }

    static func kills(_ directives: [JobsDirective]) -> [String] {
        directives.compactMap { directive in
            if case .kill(let taskID, _, _) = directive { return taskID }
            return nil
        }
    }

    static func wakeUp(_ directives: [JobsDirective]) -> Timestamp? {
        guard case .wakeUp(let instant)? = directives.last else { return nil }
        return instant
    }

    /// Due times of a job's runs that are not over.
    func activeDues(_ job: String) -> [String] { self.core.activeRuns(of: job).map(\.due.iso8601) }

    /// Skipped instants of a job with their reasons, as `due reason`.
    func skips(_ job: String) -> [String] {
        self.core.history(of: job).filter { $0.outcome == .skipped }.map { "\($0.due.iso8601) \($0.reason ?? "")" }
    }

    /// A job's Chronos JSON.
    func chronosJSON(_ name: String) -> JSONValue? {
        guard case .success(let json) = self.core.chronosJob(name) else { return nil }
        return json
    }
}
