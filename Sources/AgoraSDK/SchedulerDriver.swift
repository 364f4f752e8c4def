import AgoraHTTP
import AgoraHTTPClient
import AsyncHTTPClient
import Coordination
import Foundation
import Logging

/// A framework's connection to an Agora (or Mesos) master over the v1 scheduler API.
///
///     let driver = try SchedulerDriver(configuration: .init(master: "zk://127.0.0.1:2181/agora", name: "demo"))
///     let events = driver.events()
///     await driver.start()
///     for await event in events {
///         if case .offers(let offers) = event { ... try await driver.launch([task], on: offers[0]) }
///     }
///
/// It finds the leading master (directly, or in ZooKeeper), subscribes, hands every event
/// to every `events()` stream, and re-subscribes with its framework ID — to the new leader
/// after a failover — when the stream breaks or heartbeats stop, announcing `.resubscribed`
/// so the framework reconciles. Calls wait for the subscription while it is re-established.
public actor SchedulerDriver: SchedulerDriving {
    private let fanOut = EventFanOut<SchedulerEvent>()
    public private(set) var configuration: SchedulerConfiguration
    let client: V1Client
    let logger: Logger
    let leaders: LeaderTracker
    private var nextWaiter = 0
    /// The endpoint and stream ID of the open subscription, set once SUBSCRIBED arrived (so
    /// the framework ID is known whenever these are).
    private var subscription: (endpoint: String, streamID: String)?
    private var pending: (endpoint: String, streamID: String?)?
    private var heartbeatInterval: Duration = .seconds(15)
    private var lastEvent = ContinuousClock.now
    private var loop: Task<Void, Never>?
    private var stopped = false
    private var removed = false
    private var subscribedWaiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    let acknowledgements: AsyncStream<Mesos.TaskStatus>
    let queueAcknowledgement: AsyncStream<Mesos.TaskStatus>.Continuation

    /// Throws `SchedulerError.badMaster` when `configuration.master` is not a master location.
    /// `httpClient` defaults to the shared client; with a `zk://` master, to one that does not
    /// follow redirects (the detector names the leader; see `HTTPClient.withoutRedirects`).
    public init(
        configuration: SchedulerConfiguration, httpClient: HTTPClient? = nil, logger: Logger = Logger(label: "agora.sdk")
    ) throws {
        let location: MasterLocation
        do {
            location = try MasterLocation.parse(configuration.master)
        } catch {
            throw SchedulerError.badMaster("\(error)")
        }
        var configuration = configuration
        if let credential = configuration.credential, !configuration.framework.hasPrincipal {
            configuration.framework.principal = credential.principal
        }
        self.configuration = configuration
        let detected = if case .zooKeeper = location { true } else { false }
        self.client = V1Client(
            http: httpClient ?? (detected ? .withoutRedirects : .agora), encoding: configuration.encoding,
            authorization: configuration.credential.map { V1Client.basicAuthorization(principal: $0.principal, secret: $0.secret) })
        self.logger = logger
        self.leaders = LeaderTracker(detector: MasterDetector(
            location: location, sessionTimeout: configuration.zooKeeperSessionTimeout, logger: logger))
        (self.acknowledgements, self.queueAcknowledgement) = AsyncStream.makeStream()
    }

    public nonisolated func events() -> AsyncStream<SchedulerEvent> { self.fanOut.subscribe() }

    public var frameworkID: FrameworkID? {
        self.configuration.framework.hasID ? FrameworkID(self.configuration.framework.id.value) : nil
    }

    /// Whether a subscription is open now.
    public var isSubscribed: Bool { self.subscription != nil }

    public func start() {
        guard self.loop == nil, !self.stopped else { return }
        self.loop = Task { await self.run() }
    }

    public func waitUntilSubscribed() async throws {
        if self.subscription != nil { return }
        if self.removed { throw SchedulerError.removed }
        if self.stopped { throw SchedulerError.stopped }
        let id = self.newWaiter()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { self.subscribedWaiters[id] = $0 }
        } onCancel: {
            Task { await self.cancelSubscribedWaiter(id) }
        }
    }

    private func cancelSubscribedWaiter(_ id: Int) {
        self.subscribedWaiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    private func newWaiter() -> Int {
        self.nextWaiter += 1
        return self.nextWaiter
    }

    public func stop(teardown: Bool = false) async {
        if teardown, self.subscription != nil {
            do { try await self.teardown() } catch { self.logger.warning("teardown failed", metadata: ["error": "\(error)"]) }
        }
        self.stopped = true
        self.loop?.cancel()
        self.loop = nil
        self.subscription = nil
        self.queueAcknowledgement.finish()
        self.fanOut.finish()
        self.releaseWaiters(throwing: SchedulerError.stopped)
        await self.leaders.stop()
    }

    // MARK: - Connection

    private func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.leaders.run() }
            group.addTask { await self.acknowledgeAll() }
            group.addTask { await self.connectionLoop() }
            await group.next()
            group.cancelAll()
        }
    }

    private func connectionLoop() async {
        var delay = self.configuration.reconnectDelay
        while !self.stopped && !Task.isCancelled && !self.removed {
            let version = await self.leaders.version
            guard let base = await self.leaders.leader else {
                await self.leaders.change(after: version)
                continue
            }
            let endpoint = base.hasSuffix("/") ? base + "api/v1/scheduler" : base + "/api/v1/scheduler"
            let reason = await self.session(endpoint, leaderVersion: version)
            if self.subscription != nil { delay = self.configuration.reconnectDelay }
            self.subscription = nil
            self.pending = nil
            guard !self.stopped && !Task.isCancelled else { return }
            self.fanOut.publish(.disconnected(reason: reason))
            if self.removed {
                self.releaseWaiters(throwing: SchedulerError.removed)
                return
            }
            await self.leaders.pause(delay, orUntilChangeAfter: version)
            delay = min(delay * 2, self.configuration.maxReconnectDelay)
        }
    }

    // MARK: - Subscription state

    func opened(endpoint: String, streamID: String?) {
        self.pending = (endpoint, streamID)
        self.lastEvent = .now
    }

    func touch() { self.lastEvent = .now }

    var lastEventTime: ContinuousClock.Instant { self.lastEvent }

    /// The stream counts as dead after this long without an event.
    var heartbeatLimit: Duration { self.heartbeatInterval * self.configuration.missedHeartbeatsAllowed }

    func publish(_ event: SchedulerEvent) { self.fanOut.publish(event) }

    func markRemoved() { self.removed = true }

    var isStopped: Bool { self.stopped }

    /// SUBSCRIBED: the subscription is open; calls waiting for it go ahead.
    func subscribed(_ subscribed: Mesos.Event.Subscribed) {
        let resubscription = self.configuration.framework.hasID
        self.configuration.framework.id = subscribed.frameworkID
        if let pending = self.pending, let streamID = pending.streamID { self.subscription = (pending.endpoint, streamID) }
        let seconds = subscribed.heartbeatIntervalSeconds > 0 ? subscribed.heartbeatIntervalSeconds : 15
        self.heartbeatInterval = .milliseconds(Int64(seconds * 1000))
        let waiters = self.subscribedWaiters.values
        self.subscribedWaiters = [:]
        for waiter in waiters { waiter.resume() }
        let id = FrameworkID(subscribed.frameworkID.value)
        self.publish(resubscription
            ? .resubscribed(frameworkID: id, heartbeatInterval: self.heartbeatInterval, master: subscribed.masterInfo)
            : .subscribed(frameworkID: id, heartbeatInterval: self.heartbeatInterval, master: subscribed.masterInfo))
    }

    /// The open subscription, waiting for one (up to the call timeout) while the driver
    /// (re-)subscribes.
    func currentSubscription() async throws -> (endpoint: String, streamID: String) {
        if let subscription = self.subscription { return subscription }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.waitUntilSubscribed() }
            group.addTask {
                try await Task.sleep(for: self.configuration.callTimeout)
                throw SchedulerError.notSubscribed
            }
            try await group.next()
            group.cancelAll()
        }
        guard let subscription = self.subscription else { throw SchedulerError.notSubscribed }
        return subscription
    }

    private func releaseWaiters(throwing error: any Error) {
        let waiters = self.subscribedWaiters.values
        self.subscribedWaiters = [:]
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
