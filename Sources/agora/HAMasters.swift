import AgoraPosix
import Foundation
import LocalZooKeeper
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// `agora dev --ha`: a local ZooKeeper and three `agora master --zk` processes. Each master
/// is a process of its own so that it can be killed (`kill -9`) to see a failover; their
/// `agora master listening on ...` lines go to this process's stdout and their logs to
/// `<work-dir>/master-N.log`. On shutdown the masters get SIGTERM, then ZooKeeper stops.
struct HAMasters: Service {
    static let masterCount = 3
    let zooKeeper: LocalZooKeeper
    let masters: [pid_t]
    let logger: Logger

    /// `zk://127.0.0.1:<port>/agora`, what agents and frameworks are pointed at.
    var zooKeeperURL: String { self.zooKeeper.url(path: "/agora") }

    static func start(
        workDir: String, zkPort: Int, firstPort: Int, sessionTimeout: Duration, logLevel: String, logFormat: String = "text",
        logger: Logger
    ) async throws -> HAMasters {
        // A fresh ensemble each run: nothing from an earlier `agora dev` survives it.
        try removeIfPresent("\(workDir)/zookeeper")
        let port = zkPort == 0 ? try freeLoopbackPort() : zkPort
        let zooKeeper = try LocalZooKeeper(directory: "\(workDir)/zookeeper", port: port)
        try await zooKeeper.start()
        print("agora dev: ZooKeeper listening on \(zooKeeper.url(path: "/agora"))")
        var masters: [pid_t] = []
        do {
            for index in 0..<Self.masterCount {
                let masterPort = firstPort == 0 ? 0 : firstPort + 10 * index
                masters.append(try Spawner.spawn(Self.masterRequest(
                    index: index, port: masterPort, zooKeeper: zooKeeper.url(path: "/agora"), workDir: workDir,
                    sessionTimeout: sessionTimeout, logLevel: logLevel, logFormat: logFormat)))
            }
        } catch {
            for pid in masters { kill(pid, SIGKILL) }
            await zooKeeper.stop()
            throw error
        }
        return HAMasters(zooKeeper: zooKeeper, masters: masters, logger: logger)
    }

    private static func masterRequest(
        index: Int, port: Int, zooKeeper: String, workDir: String, sessionTimeout: Duration, logLevel: String, logFormat: String
    ) -> SpawnRequest {
        let agora = currentExecutable()
        let timeout = "\(sessionTimeout.components.seconds * 1000 + sessionTimeout.components.attoseconds / 1_000_000_000_000_000)ms"
        return SpawnRequest(
            executable: agora,
            arguments: [
                agora, "master", "--zk", zooKeeper, "--zk-session-timeout", timeout, "--port", String(port),
                "--work-dir", "\(workDir)/master-\(index)", "--log-level", logLevel, "--log-format", logFormat,
            ],
            environment: Spawner.currentEnvironment, stdoutPath: nil, stderrPath: "\(workDir)/master-\(index).log",
            newSession: false)
    }

    func run() async throws {
        // Cancelled or shut down gracefully: either way the processes go now.
        try? await gracefulShutdown()
        for pid in self.masters { kill(pid, SIGTERM) }
        for pid in self.masters { _ = await ProcessReaper.shared.waitForExit(of: pid) }
        await self.zooKeeper.stop()
    }
}
