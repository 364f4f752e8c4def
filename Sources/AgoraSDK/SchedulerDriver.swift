import AgoraHTTP
import AgoraHTTPClient
import AsyncHTTPClient
import Foundation
import Logging

/// A framework's connection to an Agora (or Mesos) master over the v1 scheduler API.
///
///     let driver = SchedulerDriver(configuration: .init(master: "127.0.0.1:5050", name: "demo"))
///     await driver.start()
///     for await event in driver.events {
///         if case .offers(let offers) = event { ... try await driver.launch([task], on: offers[0]) }
///     }
///
/// It subscribes, hands every event to `events`, re-subscribes with backoff when the stream
/// breaks or heartbeats stop (keeping its framework ID, so tasks survive), and offers a
/// typed method for every scheduler call.
public actor SchedulerDriver {
    public nonisolated let events: AsyncStream<SchedulerEvent>
    private let continuation: AsyncStream<SchedulerEvent>.Continuation
    public private(set) var configuration: SchedulerConfiguration
    let client: V1Client
    let logger: Logger
    /// The open stream's ID, set once its SUBSCRIBED event arrived (so the framework ID is
    /// known whenever this is).
    private var streamID: String?
    private var pendingStreamID: String?
    private var heartbeatInterval: Double = 15
    private var lastEvent = ContinuousClock.now
    private var loop: Task<Void, Never>?
    private var stopped = false
    private var removed = false
    private var subscribedWaiters: [CheckedContinuation<Void, any Error>] = []

    public init(configuration: SchedulerConfiguration, httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "agora.sdk")) {
        self.configuration = configuration
        self.client = V1Client(http: httpClient, encoding: configuration.encoding)
        self.logger = logger
        (self.events, self.continuation) = AsyncStream<SchedulerEvent>.makeStream()
    }

    /// The framework ID, once the master assigned one.
    public var frameworkID: String? { self.configuration.framework.hasID ? self.configuration.framework.id.value : nil }

    /// Whether a subscription is open now.
    public var isSubscribed: Bool { self.streamID != nil }

    /// Starts connecting; events arrive on `events`.
    public func start() {
        guard self.loop == nil, !self.stopped else { return }
        self.loop = Task { await self.connectionLoop() }
    }

    /// Waits until the framework is subscribed (or the driver stops).
    public func waitUntilSubscribed() async throws {
        if self.streamID != nil { return }
        if self.stopped { throw SchedulerError.stopped }
        try await withCheckedThrowingContinuation { self.subscribedWaiters.append($0) }
    }

    /// Stops the driver. With `teardown` the master removes the framework and kills its
    /// tasks; without, the framework stays registered until its failover timeout.
    public func stop(teardown: Bool = false) async {
        if teardown, self.streamID != nil { _ = try? await self.send(self.call(.teardown)) }
        self.stopped = true
        self.loop?.cancel()
        self.loop = nil
        self.streamID = nil
        self.continuation.finish()
        for waiter in self.subscribedWaiters { waiter.resume(throwing: SchedulerError.stopped) }
        self.subscribedWaiters = []
    }

    // MARK: - Connection

    private func connectionLoop() async {
        var delay = self.configuration.reconnectDelay
        while !self.stopped && !Task.isCancelled && !self.removed {
            let reason = await self.session()
            if self.streamID != nil { delay = self.configuration.reconnectDelay }
            self.streamID = nil
            self.pendingStreamID = nil
            guard !self.stopped && !Task.isCancelled else { return }
            self.continuation.yield(.disconnected(reason: reason))
            if self.removed { return }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, self.configuration.maxReconnectDelay)
        }
    }

    /// One subscription; returns why it ended.
    private func session() async -> String {
        do {
            let subscription = try await self.client.subscribe(
                self.subscribeCall(), to: self.configuration.endpoint, expecting: Mesos.Event.self)
            self.pendingStreamID = subscription.streamID
            self.lastEvent = .now
            return try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    for try await event in subscription.events { await self.handle(event) }
                    return "the master closed the event stream"
                }
                group.addTask { try await self.watchHeartbeats() }
                let reason = try await group.next() ?? "stream ended"
                group.cancelAll()
                return reason
            }
        } catch {
            return "\(error)"
        }
    }

    private func watchHeartbeats() async throws -> String {
        while true {
            try await Task.sleep(for: .milliseconds(200))
            let limit = self.heartbeatInterval * Double(self.configuration.missedHeartbeatsAllowed)
            if (ContinuousClock.now - self.lastEvent) > .milliseconds(Int64(limit * 1000)) {
                return "no heartbeat for \(limit) s"
            }
        }
    }

    private func subscribeCall() -> Mesos.Call {
        var call = Mesos.Call()
        call.type = .subscribe
        call.subscribe.frameworkInfo = self.configuration.framework
        call.subscribe.suppressedRoles = self.configuration.suppressedRoles
        if self.configuration.framework.hasID { call.frameworkID = self.configuration.framework.id }
        return call
    }

    private func handle(_ event: Mesos.Event) async {
        self.lastEvent = .now
        switch event.type {
        case .subscribed:
            self.configuration.framework.id = event.subscribed.frameworkID
            self.streamID = self.pendingStreamID
            self.heartbeatInterval = event.subscribed.heartbeatIntervalSeconds > 0 ? event.subscribed.heartbeatIntervalSeconds : 15
            for waiter in self.subscribedWaiters { waiter.resume() }
            self.subscribedWaiters = []
            self.continuation.yield(.subscribed(
                frameworkID: event.subscribed.frameworkID.value, heartbeatInterval: self.heartbeatInterval,
                master: event.subscribed.masterInfo))
        case .offers: self.continuation.yield(.offers(event.offers.offers))
        case .rescind: self.continuation.yield(.rescind(offerID: event.rescind.offerID.value))
        case .update: await self.deliver(event.update.status)
        case .message:
            self.continuation.yield(.message(
                agentID: event.message.agentID.value, executorID: event.message.executorID.value, data: event.message.data))
        case .failure:
            let failure = event.failure
            self.continuation.yield(.failure(
                agentID: failure.hasAgentID ? failure.agentID.value : nil,
                executorID: failure.hasExecutorID ? failure.executorID.value : nil, status: failure.hasStatus ? failure.status : nil))
        case .error:
            if event.error.message == "Framework has been removed" { self.removed = true }
            self.continuation.yield(.error(event.error.message))
        case .heartbeat: self.continuation.yield(.heartbeat)
        default: break
        }
    }

    /// Hands the update on, then acknowledges it without holding up the event stream.
    private func deliver(_ status: Mesos.TaskStatus) async {
        self.continuation.yield(.update(status))
        guard self.configuration.automaticAcknowledgements, status.hasUuid else { return }
        let logger = self.logger
        Task {
            do {
                try await self.acknowledge(status)
            } catch {
                logger.debug("acknowledgement failed", metadata: ["task.id": "\(status.taskID.value)", "error": "\(error)"])
            }
        }
    }

    // MARK: - Sending

    func call(_ type: Mesos.Call.TypeEnum) -> Mesos.Call {
        var call = Mesos.Call()
        call.type = type
        call.frameworkID = self.configuration.framework.id
        return call
    }

    /// Sends a call on the current subscription.
    @discardableResult
    func send(_ call: Mesos.Call) async throws -> [UInt8] {
        guard !self.stopped else { throw SchedulerError.stopped }
        guard let streamID = self.streamID else { throw SchedulerError.notSubscribed }
        return try await self.client.call(call, to: self.configuration.endpoint, streamID: streamID).body
    }
}
