import Logging
import Synchronization

/// Contends for leadership of a Mesos-style group: a member is an ephemeral sequential
/// znode `<path>/<label>_NNNNNNNNNN` holding `data` (the MasterInfo JSON); the lowest
/// sequence leads, and each member watches only its predecessor (no herd effect).
///
/// A leader is told `.lost` the moment it is disconnected (it cannot prove it still holds
/// the session); if it reconnects with the same session and its node is still lowest it is
/// `.elected` again. After a session expiry it contends again with a new session, with
/// bounded backoff, until `withdraw()`.
public final class LeaderContender: Sendable {
    /// The session and node this contender is a member with.
    public struct Membership: Sendable {
        /// The client holding the session (use it for writes fenced with a `check` on `node`).
        public let client: ZooKeeperClient
        /// The full path of the member node.
        public let node: String
    }

    let url: ZooKeeperURL
    let label: String
    let data: [UInt8]
    let sessionTimeout: Duration
    let backoff: Backoff
    let logger: Logger
    let announcements = Broadcast<Leadership>()

    private struct State {
        var task: Task<Void, Never>?
        var membership: Membership?
        var withdrawn = false
    }

    private let state = Mutex(State())

    /// A contender for the group at `url.path`; call `start()` to contend.
    public init(
        url: ZooKeeperURL, data: [UInt8], label: String = "json.info", sessionTimeout: Duration = .seconds(10),
        backoff: Backoff = Backoff(), logger: Logger = Logger(label: "agora.coordination.contender")
    ) {
        self.url = url
        self.label = label
        self.data = data
        self.sessionTimeout = sessionTimeout
        self.backoff = backoff
        var logger = logger
        logger[metadataKey: "zk.group"] = "\(url.path)"
        self.logger = logger
    }

    /// Starts contending (once; nothing after `withdraw()`).
    public func start() {
        self.state.withLock { state in
            guard state.task == nil, !state.withdrawn else { return }
            state.task = Task { await self.run() }
        }
    }

    /// The current leadership, then every change; ends after `withdraw()`.
    public func leadership() -> AsyncStream<Leadership> { self.announcements.subscribe() }

    /// The latest leadership announced (nil until the first evaluation).
    public var current: Leadership? { self.announcements.latest }

    /// The session and node of the current membership, if any.
    public var membership: Membership? { self.state.withLock { $0.membership } }

    /// The full path of this contender's node, if it is a member.
    public var nodePath: String? { self.membership?.node }

    /// Stops contending: announces `.lost(.withdrawn)` if leading, deletes its node, closes
    /// its session and ends the leadership stream. Idempotent.
    public func withdraw() async {
        let task = self.state.withLock { state in
            state.withdrawn = true
            return state.task
        }
        guard let task else {
            self.announcements.finish()
            return
        }
        task.cancel()
        await task.value
    }

    func setMembership(_ membership: Membership?) {
        self.state.withLock { $0.membership = membership }
    }

    /// Publishes a change of leadership; only the run task calls this, so reading the
    /// latest value and publishing cannot interleave with another writer.
    func announce(_ new: Leadership) {
        let current = self.announcements.latest
        switch new {
        case .elected where current == .elected, .notElected where current == .notElected: return
        case .lost where current != .elected: return
        case .notElected where current == .elected: self.publish(.lost(.superseded))
        default: break
        }
        self.publish(new)
    }

    private func publish(_ leadership: Leadership) {
        self.logger.info("leadership: \(leadership)", metadata: ["zk.node": "\(self.nodePath ?? "-")"])
        self.announcements.publish(leadership)
    }

    /// Contends session after session until cancelled.
    private func run() async {
        var failures = 0
        while !Task.isCancelled {
            let outcome: SessionOutcome
            var joined = false
            do {
                let client = try ZooKeeperClient(url: self.url, sessionTimeout: self.sessionTimeout)
                let session = ContenderSession(contender: self, client: client)
                outcome = await session.run()
                joined = session.joined
            } catch {
                outcome = .failed(error)
            }
            // A session that got as far as membership starts the backoff afresh.
            failures = joined ? 1 : failures + 1
            switch outcome {
            case .cancelled: break
            case .expired: self.announce(.lost(.sessionExpired))
            case .failed(let error):
                self.logger.warning("contender session failed: \(error)")
                self.announce(.lost(.failed("\(error)")))
            }
            if outcome == .cancelled { break }
            do { try await Task.sleep(for: self.backoff.delay(afterFailures: failures)) } catch { break }
        }
        self.announcements.finish()
    }
}
