import Logging
import Synchronization

/// Finds the leading master's base URL (`http://host:port`) from a `MasterLocation`: a
/// direct location yields its URL once; a zk:// location follows the group's leader and
/// reads its MasterInfo JSON. Starts at once; call `stop()` when done.
public final class MasterDetector: Sendable {
    /// Where it looks.
    public let location: MasterLocation
    private let urls: Broadcast<String?>
    private let detector: LeaderDetector?
    private let logger: Logger
    private let problem = Mutex<String?>(nil)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts detecting from `location` (the session settings apply to zk:// locations).
    public init(
        location: MasterLocation, sessionTimeout: Duration = .seconds(10), backoff: Backoff = Backoff(),
        logger: Logger = Logger(label: "agora.coordination.master-detector")
    ) {
        self.location = location
        self.logger = logger
        switch location {
        case .direct(let baseURL):
            self.urls = Broadcast(initial: baseURL)
            self.detector = nil
        case .zooKeeper(let url):
            self.urls = Broadcast()
            self.detector = LeaderDetector(url: url, sessionTimeout: sessionTimeout, backoff: backoff, logger: logger)
        }
        if let detector = self.detector {
            let leaders = detector.changes()
            self.task.withLock { $0 = Task { await self.follow(leaders) } }
        }
    }

    /// Parses `text` (see `MasterLocation.parse`) and detects from it.
    public convenience init(_ text: String, sessionTimeout: Duration = .seconds(10), logger: Logger = Logger(label: "agora.coordination.master-detector"))
        throws(MasterLocationError)
    {
        self.init(location: try MasterLocation.parse(text), sessionTimeout: sessionTimeout, logger: logger)
    }

    /// The leading master's base URL (once known), then every change; nil while there is no
    /// usable leader. Ends after `stop()`.
    public func leader() -> AsyncStream<String?> { self.urls.subscribe() }

    /// The base URL last published.
    public var current: String? { self.urls.latest ?? nil }

    /// Why the latest leader's data was unusable, if it was.
    public var lastProblem: String? { self.problem.withLock { $0 } }

    /// Waits for a leader; throws `NoLeaderError` if there is none within `timeout`.
    public func currentLeader(within timeout: Duration) async throws(NoLeaderError) -> String {
        let leaders = self.leader()
        let found: String? = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                for await case let leader? in leaders { return leader }
                return nil
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let found else { throw NoLeaderError(location: self.location, timeout: timeout, lastProblem: self.lastProblem) }
        return found
    }

    /// Stops detecting. Idempotent.
    public func stop() async {
        await self.detector?.stop()
        await self.task.withLock { $0 }?.value
        self.urls.finish()
    }

    /// Maps each leader to its URL. Unusable data counts as no usable leader (publishing
    /// nil), since the previous leader is no longer leading; the reason is logged and kept.
    private func follow(_ leaders: AsyncStream<LeaderInfo?>) async {
        for await leader in leaders {
            guard let leader else {
                self.urls.publishIfChanged(nil)
                continue
            }
            do {
                let url = try MasterInfo.decode(leader.data).baseURL()
                self.problem.withLock { $0 = nil }
                self.urls.publishIfChanged(url)
            } catch {
                let reason = "leader \(leader.path) is unusable: \(error)"
                self.logger.warning("\(reason)")
                self.problem.withLock { $0 = reason }
                self.urls.publishIfChanged(nil)
            }
        }
    }
}

/// No leading master was found in time.
public struct NoLeaderError: Error, CustomStringConvertible {
    /// Where the detector looked.
    public let location: MasterLocation
    /// How long it waited.
    public let timeout: Duration
    /// Why the last leader seen was unusable, if it was.
    public let lastProblem: String?

    /// A sentence for error messages.
    public var description: String {
        let place = switch self.location {
        case .direct(let url): url
        case .zooKeeper(let url): url.description
        }
        return "no leading master at \(place) within \(self.timeout)" + (self.lastProblem.map { " (\($0))" } ?? "")
    }
}
