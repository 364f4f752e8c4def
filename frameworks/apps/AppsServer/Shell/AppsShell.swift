import AgoraSDK
import AppsCore
import Logging

/// The apps framework's shell: an actor that owns `AppsCore` while this server leads, feeds
/// it API commands, SDK events, check results and timer wake-ups, and carries out its
/// directives **in order** — every store write is durable before anything after it happens
/// (a task is launched only once its instance is stored), as `MasterShell` does for the
/// master's registry.
///
/// Directives go through two ordered stages: the first writes the store and does the local
/// things (events, checks, timers); driver calls (launch, kill, revive, ...) pass on to the
/// second, so a master that is away holds up only calls to the master, never API writes.
public actor AppsShell {
    public nonisolated let clock: any AppsClock
    public nonisolated let events: EventHub
    public nonisolated let checks: CheckRunner
    let configuration: AppsConfiguration
    let logger: Logger
    var term: Term?
    var termCount = 0
    var timer: Task<Void, Never>?
    var nextBarrier = 0
    /// API requests waiting for their writes, by barrier ID.
    var barriers: [Int: CheckedContinuation<Bool, Never>] = [:]
    /// Stage one's queue: directives (and barriers) not yet carried out, in order.
    var pendingEffects: [Effect] = []
    /// Whether stage one is writing a batch it already took from `pendingEffects`.
    var storing = false
    /// What this server is in an HA group (always `.leading` once a single server runs).
    public private(set) var role: AppsRole = .starting

    /// A leadership term: the core and what it talks to.
    struct Term {
        let number: Int
        var core: AppsCore
        let persistence: AppsPersistence
        let driver: any SchedulerDriving
        var frameworkID: String?
        /// Tells stage one that `pendingEffects` has work.
        let effectsWakeup: AsyncStream<Void>.Continuation
        let driverCalls: AsyncStream<AppsDirective>.Continuation
        /// Status updates to acknowledge (stage two, concurrently).
        let acknowledgements: AsyncStream<PendingAcknowledgement>.Continuation
        /// Ends the term (store failure): the server steps down and recovers from the store.
        let end: @Sendable (String) -> Void
    }

    enum Effect: Sendable {
        case directive(AppsDirective)
        case barrier(Int)
        /// A status update to acknowledge once what it changed is stored.
        case acknowledge(Mesos.TaskStatus)
    }

    public init(configuration: AppsConfiguration, clock: any AppsClock, probe: any CheckProbing, events: EventHub = EventHub(), logger: Logger) {
        self.configuration = configuration
        self.clock = clock
        self.events = events
        self.checks = CheckRunner(probe: probe, clock: clock)
        self.logger = logger
    }

    /// Records what this server is (for routing, `/v2/info` and `/v2/leader`).
    public func setRole(_ role: AppsRole) { self.role = role }

    /// Whether a core is loaded and serving.
    public var isLeading: Bool { self.term != nil }

    /// A consistent copy of the state for read-only requests (nil unless leading), given once
    /// everything it shows is stored: a reader never sees what a crash could take back.
    public func view() async -> AppsView? {
        guard let term = self.term else { return nil }
        let view = AppsView(core: term.core, now: self.clock.now(), frameworkID: term.frameworkID)
        guard self.storing || !self.pendingEffects.isEmpty else { return view }
        self.nextBarrier += 1
        let barrier = self.nextBarrier
        self.pendingEffects.append(.barrier(barrier))
        term.effectsWakeup.yield()
        let stored = await withCheckedContinuation { self.barriers[barrier] = $0 }
        return stored ? view : nil
    }

    /// Runs an API command; returns once its changes are stored.
    public func perform(_ command: AppsCommand, origin: RequestOrigin) async -> Result<AppsCommandResult, AppsShellError> {
        guard self.term != nil else { return .failure(.notLeading) }
        let (result, directives) = self.term!.core.perform(command, context: origin.core, now: self.clock.now())
        guard let barrier = self.enqueue(directives, barrierAfterPersist: true) else { return .success(result) }
        let stored = await withCheckedContinuation { self.barriers[barrier] = $0 }
        return stored ? .success(result) : .failure(.notStored)
    }

    /// A cluster or timer input.
    func handle(_ input: AppsInput) {
        guard self.term != nil else { return }
        let directives = self.term!.core.handle(input, now: self.clock.now())
        self.enqueue(directives, barrierAfterPersist: false)
    }

    /// Time passed: the core's wake-up came due.
    func tick() { self.handle(.tick) }

    /// A framework-run health check result.
    func healthResult(taskID: String, checkIndex: Int, alive: Bool, cause: String?) {
        self.handle(.healthCheckResult(taskID: taskID, checkIndex: checkIndex, alive: alive, cause: cause))
    }

    /// A readiness check result.
    func readinessResult(_ result: ReadinessResult) { self.handle(.readinessCheckResult(result)) }

    /// Queues directives for the effect stages; returns the barrier an API request waits on.
    @discardableResult
    func enqueue(_ directives: [AppsDirective], barrierAfterPersist: Bool) -> Int? {
        guard let term = self.term, !directives.isEmpty else { return nil }
        var barrier: Int?
        for directive in directives {
            self.pendingEffects.append(.directive(directive))
            if barrierAfterPersist, barrier == nil, case .persist = directive {
                self.nextBarrier += 1
                barrier = self.nextBarrier
                self.pendingEffects.append(.barrier(self.nextBarrier))
            }
        }
        term.effectsWakeup.yield()
        return barrier
    }
}

/// Where an API request came from (for `api_post_event`).
public struct RequestOrigin: Sendable {
    public var clientIP: String
    public var uri: String
    public init(clientIP: String, uri: String) {
        self.clientIP = clientIP
        self.uri = uri
    }

    var core: APIRequestOrigin { APIRequestOrigin(clientIP: self.clientIP, uri: self.uri) }
}

/// A copy of the core's state at one instant, for rendering responses off the actor.
public struct AppsView: Sendable {
    public let core: AppsCore
    public let now: Timestamp
    public let frameworkID: String?
}

/// Why the shell could not carry out a command.
public enum AppsShellError: Error, Sendable, Equatable {
    /// This server does not lead (or has not finished loading its state).
    case notLeading
    /// The change could not be stored; nothing of it is kept.
    case notStored
}

/// This server's place in an HA group.
public enum AppsRole: Sendable, Equatable {
    case starting
    /// Serving; `address` is `host:port` as others reach it.
    case leading(address: String)
    /// Another server leads (nil: none known).
    case standby(leader: String?)
}
