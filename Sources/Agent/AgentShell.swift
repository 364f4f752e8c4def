import AgentCore
import AgoraHTTP
import AgoraHTTPClient
import AgoraModel
import AgoraPosix
import AgoraServer
import AgoraWire
import Coordination
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Runs the agent's state machine: feeds it master events, executor calls, process exits
/// and clock ticks, and carries out its directives (spawn, kill, events to executors,
/// calls to the master). It decides nothing itself.
actor AgentShell {
    struct Sink {
        var continuation: AsyncStream<[UInt8]>.Continuation
        var encoding: MessageEncoding
    }

    private(set) var core: AgentCore
    let settings: AgentSettings
    let logger: Logger
    let client: V1Client
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var executorSinks: [ConnectionID: Sink] = [:]
    private var containers: [ContainerID: pid_t] = [:]
    private var nextConnection = 0
    private var masterStreamID: String?
    /// The agent API of the master the open stream is with.
    private var masterURL: String?
    private(set) var lastMasterEvent: ContinuousClock.Instant
    private(set) var address: ListeningAddress?
    let startedAt = Date().timeIntervalSince1970

    init(settings: AgentSettings, core: AgentConfiguration, agent: AgentDescriptor, logger: Logger) {
        self.settings = settings
        self.logger = logger
        // Masters found in ZooKeeper are not followed through redirects (see withoutRedirects).
        // AgentServer has parsed the location already; here only its kind matters.
        let detected = if case .zooKeeper = try? MasterLocation.parse(settings.master) { true } else { false }
        self.client = V1Client(http: detected ? .withoutRedirects : .shared, encoding: .protobuf)
        self.started = self.clock.now
        self.lastMasterEvent = self.clock.now
        self.core = AgentCore(configuration: core, agent: agent, seed: UInt64.random(in: 0...UInt64.max))
    }

    var now: MonotonicInstant { MonotonicInstant(sinceStart: self.clock.now - self.started) }

    private var listeningWaiters: [CheckedContinuation<Void, Never>] = []
    private var heartbeatInterval: Duration = .seconds(2)

    /// The server is bound: now the agent knows its endpoint and can register.
    func listening(on address: ListeningAddress) {
        self.address = address
        self.core.listening(ip: EndpointAddress.ipv4(for: address.host), port: address.port)
        for waiter in self.listeningWaiters { waiter.resume() }
        self.listeningWaiters = []
    }

    func waitUntilListening() async {
        guard self.address == nil else { return }
        await withCheckedContinuation { self.listeningWaiters.append($0) }
    }

    /// The master sends something at least every heartbeat interval.
    func masterSilentTooLong() -> Bool {
        self.clock.now - self.lastMasterEvent > self.heartbeatInterval * 3
    }

    // MARK: - Master

    /// The SUBSCRIBE call for (re-)registering with the master.
    func subscribeCall() -> AgentCallMessage {
        AgentWire.subscribeCall(agent: self.core.agent, report: self.core.report, version: AgentVersion.api)
    }

    /// The host of the master the agent is registered with (for `/state`).
    var masterHostname: String? {
        guard let url = self.masterURL, let start = url.range(of: "://") else { return nil }
        let rest = url[start.upperBound...]
        return String(rest.prefix { $0 != ":" && $0 != "/" })
    }

    func masterStreamOpened(streamID: String?, url: String) {
        self.masterStreamID = streamID
        self.masterURL = url
        self.lastMasterEvent = self.clock.now
    }

    func handleMasterEvent(_ event: AgentEventMessage) {
        self.lastMasterEvent = self.clock.now
        let now = self.now
        switch event.type {
        case .subscribed:
            let interval = Duration.seconds(fractional: event.subscribed.heartbeatIntervalSeconds)
            self.heartbeatInterval = max(interval, .milliseconds(100))
            self.logger.info("registered with master", metadata: ["agent.id": "\(event.subscribed.agentID.value)"])
            self.apply(self.core.registered(as: AgentID(event.subscribed.agentID.value), heartbeatInterval: interval, now: now))
        case .runTasks:
            self.runTasks(event.runTasks, now: now)
        case .killTask:
            let kill = event.killTask
            let grace: Duration? = kill.killPolicy.hasGracePeriod ? .nanoseconds(kill.killPolicy.gracePeriod.nanoseconds) : nil
            self.apply(self.core.killTask(TaskID(kill.taskID.value), of: FrameworkID(kill.frameworkID.value), killGracePeriod: grace, now: now))
        case .shutdownExecutor:
            let shutdown = event.shutdownExecutor
            self.apply(self.core.shutdownExecutor(ExecutorID(shutdown.executorID.value), of: FrameworkID(shutdown.frameworkID.value), now: now))
        case .shutdownFramework:
            self.apply(self.core.shutdownFramework(FrameworkID(event.shutdownFramework.frameworkID.value), now: now))
        case .acknowledge:
            let ack = event.acknowledge
            self.apply(self.core.acknowledge(TaskID(ack.taskID.value), uuid: Array(ack.uuid), of: FrameworkID(ack.frameworkID.value), now: now))
        case .message:
            let message = event.message
            self.apply(self.core.frameworkMessage(Array(message.data), to: ExecutorID(message.executorID.value), of: FrameworkID(message.frameworkID.value)))
        case .error:
            self.logger.warning("master refused the agent", metadata: ["error": "\(event.error.message)"])
        case .heartbeat, .unknown:
            break
        }
    }

    private func runTasks(_ run: AgentEventMessage.RunTasks, now: MonotonicInstant) {
        let framework = FrameworkDescriptor(proto: run.frameworkInfo)
        do {
            let tasks = try run.tasks.map { info throws(WireError) in try TaskSpec(proto: info) }
            let executor = run.hasExecutor ? try ExecutorSpec(proto: run.executor) : nil
            self.apply(self.core.runTasks(framework: framework, executor: executor, tasks: tasks, isGroup: run.taskGroup, now: now))
        } catch {
            self.logger.error("cannot read RUN_TASKS from the master", metadata: ["error": "\(error)"])
        }
    }

    var isRegistered: Bool { self.core.link != .disconnected }

    func masterStreamClosed() {
        self.masterStreamID = nil
        self.core.masterDisconnected()
    }

    // MARK: - Executors

    func executorSubscribe(
        _ call: ExecutorCallMessage, encoding: MessageEncoding
    ) -> (ExecutorCallResult, ConnectionID?, AsyncStream<[UInt8]>?) {
        self.nextConnection += 1
        let connection = ConnectionID(self.nextConnection)
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        self.executorSinks[connection] = Sink(continuation: continuation, encoding: encoding)
        let updates = call.subscribe.unacknowledgedUpdates.map { TaskStatus(proto: $0.status) }
        let (result, directives) = self.core.executorSubscribed(
            ExecutorID(call.executorID.value), of: FrameworkID(call.frameworkID.value), connection: connection,
            unacknowledgedUpdates: updates, now: self.now)
        guard result == .accepted else {
            self.executorSinks[connection] = nil
            continuation.finish()
            return (result, nil, nil)
        }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.executorStreamClosed(connection) }
        }
        self.apply(directives)
        return (result, connection, stream)
    }

    func executorCall(_ call: ExecutorCallMessage) -> ExecutorCallResult {
        let frameworkID = FrameworkID(call.frameworkID.value)
        let executorID = ExecutorID(call.executorID.value)
        switch call.type {
        case .update:
            let (result, directives) = self.core.executorUpdate(TaskStatus(proto: call.update.status), from: executorID, of: frameworkID, now: self.now)
            self.apply(directives)
            return result
        case .message:
            let (result, directives) = self.core.executorMessage(Array(call.message.data), from: executorID, of: frameworkID)
            self.apply(directives)
            return result
        default:
            return self.core.checkExecutor(executorID, of: frameworkID)
        }
    }

    func executorStreamClosed(_ connection: ConnectionID) {
        guard let sink = self.executorSinks.removeValue(forKey: connection) else { return }
        sink.continuation.finish()
        self.core.executorStreamClosed(connection)
    }

    // MARK: - Time

    func tick() {
        self.apply(self.core.tick(now: self.now))
    }

    // MARK: - Directives

    private func apply(_ directives: [AgentDirective]) {
        for directive in directives {
            switch directive {
            case .launchExecutor(let launch): self.launch(launch)
            case .destroyContainer(let containerID, let force): self.destroy(containerID, force: force)
            case .sendToExecutor(let connection, let event): self.send(event, to: connection)
            case .closeExecutorStream(let connection): self.executorSinks.removeValue(forKey: connection)?.continuation.finish()
            case .sendToMaster(let message): self.send(message)
            }
        }
    }

    private func send(_ event: ExecutorEvent, to connection: ConnectionID) {
        guard let sink = self.executorSinks[connection] else { return }
        sink.continuation.yield(MessageCodec.record(AgentWire.executorEvent(event, agent: self.core.agent), encoding: sink.encoding))
    }

    private func send(_ message: AgentToMaster) {
        guard let agentID = self.core.agentID, let streamID = self.masterStreamID, let url = self.masterURL else { return }
        let call = AgentWire.call(message, agentID: agentID)
        let client = self.client
        let logger = self.logger
        Task {
            do {
                try await client.call(call, to: url, streamID: streamID)
            } catch {
                logger.debug("call to master failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func launch(_ launch: ExecutorLaunch) {
        do {
            try Directories.create(launch.sandbox)
            let request = try ExecutorCommand.request(for: launch, executorCommand: self.settings.executorCommand)
            let pid = try Spawner.spawn(request)
            self.containers[launch.containerID] = pid
            self.logger.debug("launched executor", metadata: [
                "executor.id": "\(launch.executor.executorID)", "framework.id": "\(launch.frameworkID)", "pid": "\(pid)",
            ])
            let containerID = launch.containerID
            Task { [weak self] in
                let status = await ProcessReaper.shared.waitForExit(of: pid)
                await self?.containerExited(containerID, waitStatus: status)
            }
        } catch {
            self.logger.warning("executor launch failed", metadata: ["executor.id": "\(launch.executor.executorID)", "error": "\(error)"])
            self.apply(self.core.launchFailed(launch.containerID, message: "\(error)", now: self.now))
        }
    }

    private func containerExited(_ containerID: ContainerID, waitStatus: Int32) {
        guard let pid = self.containers.removeValue(forKey: containerID) else { return }
        // The executor led its own session and process group: whatever of it is left
        // goes with the group (cheap, unlike walking /proc on every exit).
        killpg(pid, SIGKILL)
        self.apply(self.core.containerExited(containerID, waitStatus: waitStatus, now: self.now))
    }

    private func destroy(_ containerID: ContainerID, force: Bool) {
        guard let pid = self.containers[containerID] else { return }
        ProcessTree.signal(pid, force ? SIGKILL : SIGTERM)
    }

    /// Kills every executor; used at shutdown so no task outlives its agent.
    func destroyAll() {
        for pid in self.containers.values { ProcessTree.signal(pid, SIGKILL) }
        for sink in self.executorSinks.values { sink.continuation.finish() }
        self.executorSinks = [:]
    }
}

/// Versions the agent reports.
enum AgentVersion {
    static let api = "1.12.0"
}
