import Logging
import Synchronization

/// The leader of a group as a detector sees it.
public struct LeaderInfo: Sendable, Equatable {
    /// The leader's znode name, e.g. `json.info_0000000004`.
    public let name: String
    /// Its full path.
    public let path: String
    /// Its sequence number.
    public let sequence: Int64
    /// Its data (for Mesos-style groups, the MasterInfo JSON).
    public let data: [UInt8]

    /// A leader as read from its node.
    public init(name: String, path: String, sequence: Int64, data: [UInt8]) {
        self.name = name
        self.path = path
        self.sequence = sequence
        self.data = data
    }
}

/// Follows the leader of a Mesos-style group (see `LeaderContender`): watches the group's
/// children and the leader's data, and publishes the leader on every change, deduplicated.
/// Publishes nil when there is no leader, and when it has been unable to tell for longer
/// than the session timeout (disconnected from ZooKeeper). Survives connection loss and
/// session expiry (new session, bounded backoff). Used by agents, frameworks and standby
/// masters. Starts at once; call `stop()` when done.
public final class LeaderDetector: Sendable {
    let url: ZooKeeperURL
    let label: String
    let sessionTimeout: Duration
    let backoff: Backoff
    let logger: Logger
    let leaders = Broadcast<LeaderInfo?>()
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let client = Mutex<ZooKeeperClient?>(nil)

    /// Starts following the group at `url.path` whose members are named `<label>_NNNNNNNNNN`.
    public init(
        url: ZooKeeperURL, label: String = "json.info", sessionTimeout: Duration = .seconds(10),
        backoff: Backoff = Backoff(), logger: Logger = Logger(label: "agora.coordination.detector")
    ) {
        self.url = url
        self.label = label
        self.sessionTimeout = sessionTimeout
        self.backoff = backoff
        var logger = logger
        logger[metadataKey: "zk.group"] = "\(url.path)"
        self.logger = logger
        self.task.withLock { $0 = Task { await self.run() } }
    }

    /// The latest known leader (once known), then every change; ends after `stop()`.
    public func changes() -> AsyncStream<LeaderInfo?> { self.leaders.subscribe() }

    /// The leader last published (nil: none, or not known yet).
    public var leader: LeaderInfo? { self.leaders.latest ?? nil }

    /// The session the detector currently watches with (diagnostics and tests).
    public var session: ZooKeeperSession? { self.client.withLock { $0 }?.session }

    /// Stops following and closes the session. Idempotent.
    public func stop() async {
        let task = self.task.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    /// Publishes `leader` unless it is already the latest.
    func publish(_ leader: LeaderInfo?) {
        guard self.leaders.publishIfChanged(leader) else { return }
        self.logger.info("leader: \(leader?.path ?? "none")")
    }

    private func run() async {
        var failures = 0
        while !Task.isCancelled {
            let outcome: SessionOutcome
            do {
                let client = try ZooKeeperClient(url: self.url, sessionTimeout: self.sessionTimeout)
                self.client.withLock { $0 = client }
                outcome = await DetectorSession(detector: self, client: client).run()
                self.client.withLock { $0 = nil }
            } catch {
                outcome = .failed(error)
            }
            switch outcome {
            case .cancelled: break
            case .expired: failures = 1
            case .failed(let error):
                failures += 1
                self.logger.warning("detector session failed: \(error)")
            }
            if outcome == .cancelled { break }
            do { try await Task.sleep(for: self.backoff.delay(afterFailures: failures)) } catch { break }
        }
        self.leaders.finish()
    }
}
