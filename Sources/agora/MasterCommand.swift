import AgoraServer
import AgoraCommandLine
import ArgumentParser
import Coordination
import Foundation
import Logging
import Master
import ServiceLifecycle

/// `agora master`: runs a master.
struct MasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "master", abstract: "Run a master.")

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var options: MasterOptions
    @OptionGroup var access: AccessOptions
    @Flag(
        name: [.customLong("authenticate-http-frameworks"), .customLong("authenticate_http_frameworks")],
        help: "With credentials: frameworks must authenticate on the scheduler API.")
    var authenticateFrameworks = false
    @Flag(
        name: [.customLong("authenticate-agents"), .customLong("authenticate_agents")],
        help: "With credentials: agents must authenticate (agent --credential) to register.")
    var authenticateAgents = false
    @Option(
        name: [.customLong("http-framework-authenticators"), .customLong("http_framework_authenticators")],
        help: "How frameworks authenticate on the scheduler API: basic (Mesos's only built-in one).")
    var frameworkAuthenticators = "basic"

    func validate() throws {
        guard self.frameworkAuthenticators == "basic" else {
            throw ValidationError("--http-framework-authenticators: only 'basic' is supported, not '\(self.frameworkAuthenticators)'")
        }
    }

    func run() async throws {
        try checkTLSEnvironment()
        let logger = self.logging.bootstrap(label: "agora.master")
        var settings = try self.options.settings()
        settings.access = try self.access.policy(realm: "mesos", logger: logger)
        settings.authenticateFrameworks = self.authenticateFrameworks
        settings.authenticateAgents = self.authenticateAgents
        if let zooKeeper = settings.zooKeeper { try await Self.probe(zooKeeper) }
        let server = MasterServer(settings: settings, logger: logger) { announce("master", $0) }
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    /// Fails at once, naming the ensemble, when ZooKeeper cannot be reached at start.
    static func probe(_ zooKeeper: ZooKeeperSettings) async throws {
        let client = try ZooKeeperClient(url: zooKeeper.url, sessionTimeout: zooKeeper.sessionTimeout)
        defer { Task { await client.close() } }
        do {
            try await client.waitUntilConnected(timeout: max(zooKeeper.sessionTimeout, .seconds(5)))
        } catch {
            throw ValidationError("cannot reach ZooKeeper at \(zooKeeper.url): \(error)")
        }
    }
}

/// The master's flags.
struct MasterOptions: ParsableArguments {
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0: any free port).") var port = 5050
    @Option(help: "Hostname to advertise (default: the bind address).") var hostname: String?
    @Option(help: "Heartbeat interval on framework streams, e.g. 15s.") var heartbeatInterval: Duration = .seconds(15)
    @Option(help: "How long a silent agent stays reachable, e.g. 10s.") var agentTimeout: Duration = .seconds(10)
    @Option(help: "How often agents heartbeat the master.") var agentHeartbeatInterval: Duration = .seconds(2)
    @Option(help: "Rescind offers older than this (default: never).") var offerTimeout: Duration?
    @Option(help: "Period of batch allocation runs.") var allocationInterval: Duration = .seconds(1)
    @Option(help: "HA mode: elect the leader and keep the registry in ZooKeeper, e.g. zk://h1:2181,h2:2181/agora.")
    var zk: String?
    @Option(help: "ZooKeeper session timeout; a leader that loses its session steps down.")
    var zkSessionTimeout: Duration = .seconds(10)
    @Option(help: "Directory for the master's registry (registry.db) when it runs without --zk.")
    var workDir = ".agora-master"
    @Option(help: "Registry without --zk: sqlite (in --work-dir, survives restarts) or in_memory.")
    var registry = "sqlite"
    @Option(help: "After a failover, how long agents have to re-register before they are unreachable.")
    var agentReregisterTimeout: Duration = .seconds(600)

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0-65535") }
        guard self.agentHeartbeatInterval < self.agentTimeout else {
            throw ValidationError("--agent-heartbeat-interval must be shorter than --agent-timeout")
        }
        guard self.heartbeatInterval > .zero, self.allocationInterval > .zero else {
            throw ValidationError("--heartbeat-interval and --allocation-interval must be positive")
        }
        guard ["sqlite", "in_memory"].contains(self.registry) else {
            throw ValidationError("--registry must be sqlite or in_memory, not '\(self.registry)'")
        }
        guard self.zkSessionTimeout >= .milliseconds(100) else { throw ValidationError("--zk-session-timeout is too short") }
        _ = try self.zooKeeper()
    }

    /// The `--zk` group, validated; nil without `--zk`.
    func zooKeeper() throws -> ZooKeeperSettings? {
        guard let zk else { return nil }
        do {
            return ZooKeeperSettings(url: try ZooKeeperURL.parse(zk), sessionTimeout: self.zkSessionTimeout)
        } catch {
            throw ValidationError("--zk: \(error)")
        }
    }

    func settings() throws -> MasterSettings {
        var settings = MasterSettings()
        settings.zooKeeper = try self.zooKeeper()
        settings.registry = self.registry == "in_memory"
            ? .inMemory : .sqlite(path: URL(fileURLWithPath: self.workDir).appendingPathComponent("registry.db").path)
        settings.core.agentReregisterTimeout = self.agentReregisterTimeout
        settings.host = self.host
        settings.port = self.port
        settings.advertisedHostname = self.hostname
        settings.core.heartbeatInterval = self.heartbeatInterval
        settings.core.agentTimeout = self.agentTimeout
        settings.core.agentHeartbeatInterval = self.agentHeartbeatInterval
        settings.core.offerTimeout = self.offerTimeout
        settings.core.allocator.allocationInterval = self.allocationInterval
        settings.core.allocator.seed = UInt64.random(in: 0...UInt64.max)
        return settings
    }
}
