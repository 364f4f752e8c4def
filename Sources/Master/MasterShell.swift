import AgoraHTTP
import AgoraModel
import AgoraServer
import AgoraWire
import Foundation
import Logging
import MasterCore

/// Runs the master's state machine: feeds it HTTP calls, stream closures and clock ticks,
/// and carries out its directives (events onto streams, stream closes, allocation runs).
/// It decides nothing itself.
actor MasterShell {
    struct Sink {
        var continuation: AsyncStream<[UInt8]>.Continuation
        var encoding: MessageEncoding
        var capabilities: Set<FrameworkCapability>
    }

    private(set) var core: MasterCore
    let settings: MasterSettings
    let logger: Logger
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    nonisolated var startedInstant: ContinuousClock.Instant { self.started }
    private let wallAtStart: Double
    private var frameworkSinks: [ConnectionID: Sink] = [:]
    private var agentSinks: [ConnectionID: Sink] = [:]
    private var nextConnection = 0
    private var allocationScheduled = false
    private(set) var address: ListeningAddress?
    private var masterInfo = Agora_V1_MasterInfo()

    init(settings: MasterSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.started = self.clock.now
        self.wallAtStart = Date().timeIntervalSince1970
        let masterID = UUID().uuidString.lowercased()
        self.core = MasterCore(configuration: settings.core, masterID: masterID, now: .zero, wallClock: self.wallAtStart)
    }

    var now: MonotonicInstant { MonotonicInstant(sinceStart: self.clock.now - self.started) }
    var wallClock: Double { self.wallAtStart + (self.clock.now - self.started).seconds }

    func listening(on address: ListeningAddress) {
        self.address = address
        self.masterInfo = MasterInfoBuilder.build(
            id: self.core.masterID, address: address, hostname: self.settings.advertisedHostname ?? address.host,
            version: self.settings.apiVersion)
        self.logger.info("master listening", metadata: ["address": "\(address.url)", "master.id": "\(self.core.masterID)"])
    }

    // MARK: - Frameworks

    /// Opens an event stream for a SUBSCRIBE. Returns the stream ID and the bytes to send.
    func subscribeFramework(
        _ framework: FrameworkDescriptor, suppressedRoles: [String], encoding: MessageEncoding
    ) -> (ConnectionID, String, AsyncStream<[UInt8]>) {
        let connection = self.newConnection()
        let streamID = UUID().uuidString.lowercased()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        self.frameworkSinks[connection] = Sink(continuation: continuation, encoding: encoding, capabilities: framework.capabilities)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.frameworkStreamClosed(connection) }
        }
        let request = SubscribeRequest(framework: framework, suppressedRoles: suppressedRoles, connection: connection, streamID: streamID)
        self.apply(self.core.subscribe(request, now: self.now))
        return (connection, streamID, stream)
    }

    func frameworkCall(_ call: SchedulerCall, from frameworkID: FrameworkID, streamID: String?) -> CallResult {
        let (result, directives) = self.core.handle(call, from: frameworkID, streamID: streamID, now: self.now)
        self.apply(directives)
        return result
    }

    func frameworkStreamClosed(_ connection: ConnectionID) {
        guard let sink = self.frameworkSinks.removeValue(forKey: connection) else { return }
        sink.continuation.finish()
        self.apply(self.core.frameworkDisconnected(connection, now: self.now))
    }

    // MARK: - Agents

    func subscribeAgent(
        _ subscribe: AgentCallMessage.Subscribe, ip: String, encoding: MessageEncoding
    ) throws(WireError) -> (ConnectionID, String, AsyncStream<[UInt8]>) {
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

    func agentCall(_ call: AgentCall, from agentID: AgentID, streamID: String?) -> CallResult {
        let (result, directives) = self.core.handle(call, fromAgent: agentID, streamID: streamID, now: self.now)
        self.apply(directives)
        return result
    }

    func agentStreamClosed(_ connection: ConnectionID) {
        guard let sink = self.agentSinks.removeValue(forKey: connection) else { return }
        sink.continuation.finish()
        self.apply(self.core.agentDisconnected(connection, now: self.now))
    }

    // MARK: - Time

    func tick() {
        self.apply(self.core.tick(now: self.now))
    }

    /// Runs the allocator once for every burst of changes; inputs already queued on the
    /// actor are handled first, so bursts coalesce into one run.
    private func scheduleAllocation() {
        guard !self.allocationScheduled else { return }
        self.allocationScheduled = true
        Task { self.runAllocation() }
    }

    private func runAllocation() {
        self.allocationScheduled = false
        let startedAt = self.clock.now
        self.apply(self.core.allocate(now: self.now))
        self.lastAllocationMilliseconds = (self.clock.now - startedAt).seconds * 1000
    }

    private(set) var lastAllocationMilliseconds = 0.0

    // MARK: - Directives

    private func apply(_ directives: [MasterDirective]) {
        for directive in directives {
            switch directive {
            case .sendToFramework(let connection, let event): self.send(event, to: connection)
            case .closeFrameworkStream(let connection): self.frameworkSinks.removeValue(forKey: connection)?.continuation.finish()
            case .sendToAgent(let connection, let message): self.send(message, toAgent: connection)
            case .closeAgentStream(let connection): self.agentSinks.removeValue(forKey: connection)?.continuation.finish()
            case .allocationWanted: self.scheduleAllocation()
            }
        }
    }

    private func send(_ event: FrameworkEvent, to connection: ConnectionID) {
        guard let sink = self.frameworkSinks[connection] else { return }
        let writer = FrameworkEventWriter(masterInfo: self.masterInfo, capabilities: sink.capabilities, wallClock: self.wallClock)
        sink.continuation.yield(MessageCodec.record(writer.message(for: event), encoding: sink.encoding))
    }

    private func send(_ message: AgentMessage, toAgent connection: ConnectionID) {
        guard let sink = self.agentSinks[connection] else { return }
        let event = AgentProtocolWire.event(message, masterInfo: self.masterInfo)
        sink.continuation.yield(MessageCodec.record(event, encoding: sink.encoding))
    }

    private func newConnection() -> ConnectionID {
        self.nextConnection += 1
        return ConnectionID(self.nextConnection)
    }

    /// Closes every stream; used at shutdown.
    func closeAll() {
        for sink in self.frameworkSinks.values { sink.continuation.finish() }
        for sink in self.agentSinks.values { sink.continuation.finish() }
        self.frameworkSinks = [:]
        self.agentSinks = [:]
    }
}

extension MasterShell {
    var uptimeSeconds: Double { (ContinuousClock.now - self.startedInstant).seconds }
}
