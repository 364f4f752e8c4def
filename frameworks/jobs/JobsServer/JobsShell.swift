import AgoraSDK
import JobsCore
import Logging

/// The jobs framework's shell: an actor that owns `JobsCore` while this instance leads, feeds
/// it SDK events, timer wake-ups and API commands, and carries out its directives strictly in
/// order (a `.persist` is durable before anything after it happens; see `+Effects`).
///
/// Three loops run for the server's lifetime: `runEffects()` (directives, in order),
/// `runCalls()` (scheduler calls, in order, after the writes before them) and
/// `runAcknowledgements()` (status updates, once what they changed is stored).
public actor JobsShell {
    let settings: JobsSettings
    let clock: JobsClock
    let logger: Logger
    /// The engine; nil while this instance does not lead (or has not recovered yet).
    var core: JobsCore?
    var role = JobsRole.standby(leader: nil)
    var term = Term()
    let timer: JobsTimer
    var effects: [Effect] = []
    var effectsRunning = false
    let effectWakeups: AsyncStream<Void>
    let wakeEffects: AsyncStream<Void>.Continuation
    let calls: AsyncStream<DriverCall>
    let sendCall: AsyncStream<DriverCall>.Continuation
    /// Status updates whose changes are stored, to acknowledge.
    let acknowledgements: AsyncStream<PendingAcknowledgement>
    let sendAcknowledgement: AsyncStream<PendingAcknowledgement>.Continuation
    /// Where this instance listens (`host:port`), once it does.
    var ownAddress: String?
    /// The leader as ZooKeeper last named it (HA mode).
    var followedLeader: String?
    /// Counters for `/metrics`.
    var metrics = JobsMetrics()

    /// A shell that does nothing until `lead` is called.
    public init(settings: JobsSettings, clock: JobsClock = .system, logger: Logger) {
        self.settings = settings
        self.clock = clock
        self.logger = logger
        (self.effectWakeups, self.wakeEffects) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (self.calls, self.sendCall) = AsyncStream.makeStream()
        (self.acknowledgements, self.sendAcknowledgement) = AsyncStream.makeStream()
        self.timer = JobsTimer(clock: clock)
    }

    /// Whether this instance leads and has recovered its state.
    public var isLeading: Bool { self.core != nil }

    /// Who leads, for routes (serve, proxy or 503) and `/leader`.
    public var currentRole: JobsRole { self.role }

    /// A copy of the engine and the current instant, for read-only requests, given once
    /// everything it shows is stored (a reader never sees what a crash could take back);
    /// nil unless leading.
    public func snapshot() async -> (core: JobsCore, now: Timestamp)? {
        guard let core = self.core else { return nil }
        let now = self.clock.now()
        guard await self.settle() else { return nil }
        return (core, now)
    }

    /// Runs an API command and waits until what it changed is durable. Throws
    /// `JobsUnavailable` when this instance does not lead or the write failed.
    public func perform(_ command: JobsCommand) async throws(JobsUnavailable) -> JobsCommandResult {
        guard self.core != nil else { throw JobsUnavailable(reason: "not leading") }
        let (result, directives) = self.core!.perform(command, now: self.clock.now())
        self.apply(directives)
        guard await self.settle() else { throw JobsUnavailable(reason: "the state store refused the change") }
        return result
    }

    /// The timer fired: time-driven work (due instants, deadlines, retries).
    func tick() {
        guard self.core != nil else { return }
        self.metrics.ticks += 1
        self.apply(self.core!.handle(.tick, now: self.clock.now()))
    }

    /// Told by the HA machinery who leads (kept for when this instance stands by).
    public func follow(leader: String?) {
        self.followedLeader = leader
        if case .standby = self.role { self.role = .standby(leader: self.knownOtherLeader) }
    }

    /// The leader last announced, unless it is this instance.
    var knownOtherLeader: String? { self.followedLeader == self.ownAddress ? nil : self.followedLeader }
}

/// Whether this instance serves requests itself.
public enum JobsRole: Sendable, Equatable {
    /// Another instance leads (`host:port`), or none is known yet.
    case standby(leader: String?)
    /// Elected; loading the state. Requests get 503 until it is done.
    case recovering
    /// Serving.
    case leading
}

/// A request that needs the leader could not be served here.
public struct JobsUnavailable: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { self.reason }
}

/// One leadership term: the driver it subscribed with and how to report its failure.
struct Term {
    var number = 0
    var driver: (any SchedulerDriving)?
    var storage: JobsStorage?
    var pump: Task<Void, Never>?
    var frameworkIDStored = false
    var onFailure: (@Sendable (String) -> Void)?
}
