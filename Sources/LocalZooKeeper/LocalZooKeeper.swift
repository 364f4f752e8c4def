import AgoraPosix
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A standalone ZooKeeper server (Debian's `zookeeper` package) run by Agora itself: for
/// `agora dev --ha`, benchmarks and tests. Its own port, data directory and logs in one
/// directory; it can be stopped and started again on the same port and data, so sessions
/// survive a restart as they would in production. A guard process kills the server if
/// the process that started it dies first.
public final class LocalZooKeeper: Sendable {
    /// The server's directory: zoo.cfg, data/, zookeeper.out, zookeeper.err.
    public let directory: String
    /// The client port (on 127.0.0.1); the same across restarts.
    public let port: Int
    /// The server's tick; sessions may last 2–100 ticks.
    public let tickTime: Duration

    private struct Running: Sendable {
        let server: pid_t
        let guardian: pid_t
    }

    private let running = Mutex<Running?>(nil)

    /// A server in `directory` (created if missing) on `port`; `start()` runs it.
    public init(directory: String, port: Int, tickTime: Duration = .milliseconds(200)) throws {
        self.directory = directory
        self.port = port
        self.tickTime = tickTime
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.configuration.write(toFile: "\(directory)/zoo.cfg", atomically: true, encoding: .utf8)
    }

    /// `127.0.0.1:port`, for `ZooKeeperClient(servers:)`.
    public var connectString: String { "127.0.0.1:\(self.port)" }

    /// `zk://127.0.0.1:port<path>`.
    public func url(path: String) -> String { "zk://\(self.connectString)\(path)" }

    /// Whether the server process is running (it may not be serving yet).
    public var isRunning: Bool { self.running.withLock { $0 }.map { Self.isAlive($0.server) } ?? false }

    /// Starts the (stopped) server on its port and data directory; returns once it answers
    /// `ruok` with `imok`, throws if it exits or does not within `within`.
    public func start(within: Duration = .seconds(30)) async throws {
        guard self.running.withLock({ $0 }) == nil else { throw LocalZooKeeperError("ZooKeeper on port \(self.port) is already running") }
        let server = try Spawner.spawn(self.serverRequest())
        let guardian = try Spawner.spawn(Self.guardianRequest(watching: getpid(), killing: server))
        self.running.withLock { $0 = Running(server: server, guardian: guardian) }
        let deadline = ContinuousClock.now + within
        while !self.answersRuok() {
            guard Self.isAlive(server) else { throw LocalZooKeeperError("ZooKeeper exited during start; output:\n\(self.output)") }
            guard ContinuousClock.now < deadline else {
                throw LocalZooKeeperError("ZooKeeper on port \(self.port) did not answer ruok within \(within); output:\n\(self.output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the server: SIGTERM, then SIGKILL after `grace`. Returns once it has exited
    /// (its port is free again). Does nothing when it is not running.
    public func stop(grace: Duration = .seconds(10)) async {
        guard let running = self.running.withLock({ state in defer { state = nil }; return state }) else { return }
        kill(running.guardian, SIGKILL)
        _ = await ProcessReaper.shared.waitForExit(of: running.guardian)
        kill(running.server, SIGTERM)
        let killer = Task {
            try await Task.sleep(for: grace)
            kill(running.server, SIGKILL)
        }
        _ = await ProcessReaper.shared.waitForExit(of: running.server)
        killer.cancel()
    }

    /// Stops and starts the server again on the same port and data directory.
    public func restart(within: Duration = .seconds(30)) async throws {
        await self.stop()
        try await self.start(within: within)
    }

    /// The server's stdout and stderr so far (its log), for failure messages.
    public var output: String {
        ["zookeeper.out", "zookeeper.err"].map { name in
            (try? String(contentsOfFile: "\(self.directory)/\(name)", encoding: .utf8)) ?? ""
        }.joined(separator: "\n").suffix(4000).description
    }
}

/// The server could not be started.
public struct LocalZooKeeperError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
