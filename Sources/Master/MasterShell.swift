import AgoraHTTP
import AgoraModel
import AgoraServer
import AgoraWire
import DequeModule
import Foundation
import Logging
import MasterCore

/// Runs the master's state machine while this master leads: feeds it HTTP calls, stream
/// closures and clock ticks, and carries out its directives (events onto streams, stream
/// closes, registry writes, allocation runs) strictly in order. It decides nothing itself.
actor MasterShell {
    struct Sink {
        var continuation: AsyncStream<[UInt8]>.Continuation
        var encoding: MessageEncoding
        var capabilities: Set<FrameworkCapability>
    }

    /// One step of the ordered output: a directive, or a caller waiting for what came before.
    enum Effect {
        case directive(MasterDirective)
        case barrier(CheckedContinuation<Bool, Never>)
    }

    /// The state machine of the current leadership term; an empty one while not leading.
    var core: MasterCore
    var role: MasterRole
    let settings: MasterSettings
    let logger: Logger
    let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    nonisolated var startedInstant: ContinuousClock.Instant { self.started }
    let wallAtStart: Double
    var frameworkSinks: [ConnectionID: Sink] = [:]
    var agentSinks: [ConnectionID: Sink] = [:]
    private var nextConnection = 0
    var allocationScheduled = false
    private(set) var address: ListeningAddress?
    var masterInfo = Agora_V1_MasterInfo()
    var storage: (any RegistryStorage)?
    var effects = Deque<Effect>()
    var effectsRunning = false
    let effectWakeups: AsyncStream<Void>
    let wakeEffects: AsyncStream<Void>.Continuation
    /// Told why leadership ended, when the registry could not be written.
    var onLeadershipFailure: (@Sendable (String) -> Void)?
    /// The leader as ZooKeeper names it (HA mode).
    var knownLeader: LeaderAddress?
    /// Operator API subscribers (SUBSCRIBE on `/api/v1`).
    var operatorSinks: [ConnectionID: OperatorSink] = [:]
    var nextOperatorHeartbeat = MonotonicInstant.zero
    /// Prometheus metrics, served at `/metrics`.
    let prometheus = MasterPrometheus()
    /// When each reliable status update (by UUID) reached the master, until acknowledged.
    var pendingAcknowledgements: [[UInt8]: ContinuousClock.Instant] = [:]

    init(settings: MasterSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.started = self.clock.now
        self.wallAtStart = Date().timeIntervalSince1970
        self.core = MasterCore(configuration: settings.core, masterID: "", now: .zero, wallClock: self.wallAtStart)
        self.role = .standby(leader: nil)
        (self.effectWakeups, self.wakeEffects) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    var now: MonotonicInstant { MonotonicInstant(sinceStart: self.clock.now - self.started) }
    var wallClock: Double { self.wallAtStart + (self.clock.now - self.started).seconds }

    func listening(on address: ListeningAddress) {
        self.address = address
        self.logger.info("master listening", metadata: ["address": "\(address.url)"])
    }

    /// The MasterInfo this master announces (SUBSCRIBED, ZooKeeper) for term `masterID`.
    func masterInfo(id masterID: String) -> Agora_V1_MasterInfo {
        let address = self.address ?? ListeningAddress(host: self.settings.host, port: self.settings.port)
        return MasterInfoBuilder.build(
            id: masterID, address: address, hostname: self.settings.advertisedHostname ?? address.host,
            version: self.settings.apiVersion)
    }

    // MARK: - Frameworks

    /// Opens an event stream for a SUBSCRIBE. Returns the stream ID and the bytes to send.
    func subscribeFramework(
        _ framework: FrameworkDescriptor, suppressedRoles: [String], encoding: MessageEncoding, refusal: String? = nil
    ) -> (ConnectionID, String, AsyncStream<[UInt8]>)? {
        guard self.role.isLeading else { return nil }
        let connection = self.newConnection()
        let streamID = UUID().uuidString.lowercased()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        self.frameworkSinks[connection] = Sink(continuation: continuation, encoding: encoding, capabilities: framework.capabilities)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.frameworkStreamClosed(connection) }
        }
        self.logger.debug("framework subscribes", metadata: ["framework.id": "\(framework.id?.value ?? "new")", "framework.name": "\(framework.name)"])
        let request = SubscribeRequest(
            framework: framework, suppressedRoles: suppressedRoles, connection: connection, streamID: streamID, refusal: refusal)
        self.apply(self.core.subscribe(request, now: self.now))
        return (connection, streamID, stream)
    }

    /// A scheduler call; answers once everything it caused is done (a TEARDOWN is stored
    /// before it is acknowledged). nil when leadership ended meanwhile.
    func frameworkCall(_ call: SchedulerCall, from frameworkID: FrameworkID, streamID: String?) async -> CallResult? {
        guard self.role.isLeading else { return nil }
        let (result, directives) = self.core.handle(call, from: frameworkID, streamID: streamID, now: self.now)
        self.logger.debug("scheduler call", metadata: ["framework.id": "\(frameworkID)", "call": "\(call.kind)", "result": "\(result)"])
        if case .acknowledge(_, _, let uuid) = call, result == .accepted { self.acknowledged(uuid) }
        self.apply(directives)
        return await self.settle() ? result : nil
    }

    func frameworkStreamClosed(_ connection: ConnectionID) {
        guard let sink = self.frameworkSinks.removeValue(forKey: connection) else { return }
        sink.continuation.finish()
        self.apply(self.core.frameworkDisconnected(connection, now: self.now))
    }

    // MARK: - Agents

    func subscribeAgent(
        _ subscribe: AgentCallMessage.Subscribe, ip: String, encoding: MessageEncoding
    ) throws(WireError) -> (ConnectionID, String, AsyncStream<[UInt8]>)? {
        guard self.role.isLeading else { return nil }
        let connection = self.newConnection()
        let streamID = UUID().uuidString.lowercased()
        let registration = try AgentProtocolWire.registration(subscribe, ip: ip, connection: connection, streamID: streamID)
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        self.agentSinks[connection] = Sink(continuation: continuation, encoding: encoding, capabilities: [])
        continuation.onTermination = { [weak self] _ in
            Task { await self?.agentStreamClosed(connection) }
        }
        self.apply(self.core.agentSubscribe(registration, now: self.now))
        return (connection, streamID, stream)
    }

    func agentCall(_ call: AgentCall, from agentID: AgentID, streamID: String?) async -> CallResult? {
        guard self.role.isLeading else { return nil }
        let (result, directives) = self.core.handle(call, fromAgent: agentID, streamID: streamID, now: self.now)
        if case .update(let update) = call, result == .accepted, let uuid = update.status.uuid { self.forwarded(uuid) }
        self.apply(directives)
        return await self.settle() ? result : nil
    }

    func agentStreamClosed(_ connection: ConnectionID) {
        guard let sink = self.agentSinks.removeValue(forKey: connection) else { return }
        sink.continuation.finish()
        self.apply(self.core.agentDisconnected(connection, now: self.now))
    }

    // MARK: - Time

    func tick() {
        guard self.role.isLeading else { return }
        self.apply(self.core.tick(now: self.now))
        self.heartbeatOperators()
    }

    /// Runs the allocator once for every burst of changes; inputs already queued on the
    /// actor are handled first, so bursts coalesce into one run.
    func scheduleAllocation() {
        guard !self.allocationScheduled else { return }
        self.allocationScheduled = true
        Task { self.runAllocation() }
    }

    private func runAllocation() {
        self.allocationScheduled = false
        guard self.role.isLeading else { return }
        let startedAt = self.clock.now
        self.apply(self.core.allocate(now: self.now))
        let duration = self.clock.now - startedAt
        self.lastAllocationMilliseconds = duration.seconds * 1000
        self.prometheus.allocationRun.record(duration)
    }

    private(set) var lastAllocationMilliseconds = 0.0

    // MARK: - Streams

    func send(_ event: FrameworkEvent, to connection: ConnectionID) {
        guard let sink = self.frameworkSinks[connection] else { return }
        if case .offers(let offers) = event {
            self.logger.debug("offers", metadata: ["offers": "\(offers.map { "\($0.id)->\($0.frameworkID)" })"])
        }
        let writer = FrameworkEventWriter(masterInfo: self.masterInfo, capabilities: sink.capabilities, wallClock: self.wallClock)
        sink.continuation.yield(MessageCodec.record(writer.message(for: event), encoding: sink.encoding))
    }

    func send(_ message: AgentMessage, toAgent connection: ConnectionID) {
        guard let sink = self.agentSinks[connection] else { return }
        let event = AgentProtocolWire.event(message, masterInfo: self.masterInfo)
        sink.continuation.yield(MessageCodec.record(event, encoding: sink.encoding))
    }

    func newConnection() -> ConnectionID {
        self.nextConnection += 1
        return ConnectionID(self.nextConnection)
    }

    /// Closes every stream: at shutdown, and when leadership ends.
    func closeAll() {
        for sink in self.frameworkSinks.values { sink.continuation.finish() }
        for sink in self.agentSinks.values { sink.continuation.finish() }
        self.frameworkSinks = [:]
        self.agentSinks = [:]
        self.closeOperatorStreams()
    }
}

extension MasterShell {
    var uptimeSeconds: Double { (ContinuousClock.now - self.startedInstant).seconds }
}
