import AgoraPosix
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real `agora` process started for a test, with its output in files.
public final class ServerProcess: Sendable {
    public let pid: pid_t
    public let name: String
    public let logDirectory: String
    /// The `agora` arguments it was started with.
    public let arguments: [String]
    /// The one wait for its exit: the reaper answers each pid once, so every caller (a
    /// second `stop`, say) shares it instead of waiting forever.
    private let exit = Mutex<Task<Int32, Never>?>(nil)
    /// Its exit status, once reaped; its pid may then belong to another process.
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `agora <arguments>`; output goes to `<logDirectory>/<name>.out|.err`.
    public init(_ arguments: [String], name: String, logDirectory: String, environment: [String: String] = [:]) throws {
        self.name = name
        self.logDirectory = logDirectory
        self.arguments = arguments
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let binary = Paths.agoraBinary
        self.pid = try Spawner.spawn(SpawnRequest(
            executable: binary, arguments: [binary] + arguments, environment: env, workingDirectory: logDirectory,
            stdoutPath: "\(logDirectory)/\(name).out", stderrPath: "\(logDirectory)/\(name).err", newSession: true))
    }

    public var stdout: String { (try? String(contentsOfFile: "\(self.logDirectory)/\(self.name).out", encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: "\(self.logDirectory)/\(self.name).err", encoding: .utf8)) ?? "" }

    /// Waits for the `agora <role> listening on http(s)://host:port` line; returns `host:port`.
    public func address(of role: String, within seconds: Double = 30) async throws -> String {
        let marker = "agora \(role) listening on "
        return try await eventuallyValue("\(self.name) to listen", within: seconds) {
            guard self.isAlive else { throw ProcessDied(name: self.name, stderr: self.stderr) }
            let url = self.stdout.split(separator: "\n").first { $0.hasPrefix(marker) }.map { $0.dropFirst(marker.count) }
            return url.map { url in String(url.drop { $0 != "/" }.drop { $0 == "/" }) }
        }
    }

    public var isAlive: Bool { Self.isRunning(self.pid) }

    /// Whether `pid` exists and is not a zombie (an exited process nobody reaped yet).
    public static func isRunning(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 && !Self.isZombie(pid) }

    public func signal(_ signal: Int32) {
        guard self.exitStatus.withLock({ $0 }) == nil else { return }
        kill(self.pid, signal)
    }

    /// Every process this one started (executors and their tasks), for cleanup.
    public var descendants: [pid_t] { ProcessTree.descendants(of: self.pid).filter { $0 != self.pid } }

    /// The exit status once the process ends (any number of callers, any number of times).
    public func waitForExit() async -> Int32 {
        let wait = self.exit.withLock { current in
            if let current { return current }
            let started = Task {
                let code = await ProcessReaper.shared.waitForExit(of: self.pid)
                self.exitStatus.withLock { $0 = code }
                return code
            }
            current = started
            return started
        }
        return await wait.value
    }

    /// SIGTERM, then SIGKILL if it lingers; kills anything it left behind.
    public func stop(grace: Duration = .seconds(10)) async {
        // Already stopped: its pid may be another process's by now.
        guard self.exitStatus.withLock({ $0 }) == nil else { return }
        let leftovers = self.descendants.compactMap(ProcessIdentity.of)
        self.signal(SIGTERM)
        let exited = Task { await self.waitForExit() }
        let killer = Task {
            try await Task.sleep(for: grace)
            self.signal(SIGKILL)
        }
        _ = await exited.value
        killer.cancel()
        // Only processes that are still the ones seen: by now a pid may belong to another
        // test's server (pids wrap at 32768 here), which a bare kill would take down.
        for leftover in leftovers where leftover.isAlive { kill(leftover.pid, SIGKILL) }
    }

    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return true
        }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }
}

/// A server process exited while the test waited for it.
public struct ProcessDied: Error, CustomStringConvertible {
    public let name: String
    public let stderr: String
    public var description: String { "\(self.name) exited; stderr:\n\(self.stderr.suffix(4000))" }
}

/// Where things are.
public enum Paths {
    /// The package root, found from this file's location.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `agora` binary under test: `AGORA_BINARY`, else the debug build.
    public static var agoraBinary: String {
        ProcessInfo.processInfo.environment["AGORA_BINARY"] ?? packageRoot + "/.build/debug/agora"
    }

    /// A fresh directory for one test's files.
    public static func scratch(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "agora-test-\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes a scratch directory after a clean run, unless `AGORA_TEST_KEEP_LOGS` is set.
    public static func discardScratch(_ path: String) {
        guard ProcessInfo.processInfo.environment["AGORA_TEST_KEEP_LOGS"] == nil else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A TCP port nobody listens on right now.
public func freePort() -> Int {
    do {
        return try freeLoopbackPort()
    } catch {
        preconditionFailure("no free loopback port: \(error)")
    }
}
