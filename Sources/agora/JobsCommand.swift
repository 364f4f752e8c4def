import AgoraServer
import ArgumentParser
import Coordination
import Foundation
import JobsServer
import Logging
import ServiceLifecycle

/// `agora jobs`: the jobs framework (Chronos and Metronome REST APIs), an SDK framework of
/// its own. Named apart from the engine's `JobsCommand` (an API request).
struct JobsFrameworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Run the jobs framework (Chronos and Metronome APIs, default port 4400).")

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var options: JobsOptions
    @OptionGroup var access: AccessOptions
    @OptionGroup var mesosAuthentication: MesosAuthenticationOptions

    func run() async throws {
        try checkTLSEnvironment()
        let logger = self.logging.bootstrap(label: "agora.jobs")
        var settings = try self.options.settings()
        settings.access = try self.access.policy(realm: "chronos", logger: logger)
        settings.masterCredential = try self.mesosAuthentication.credential()
        let server = JobsServer(settings: settings, logger: logger, onListening: { announce("jobs", $0) })
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// The jobs framework's flags.
struct JobsOptions: ParsableArguments {
    @Option(help: "The master: host:port, http://host:port, zk://hosts/path or file:///path.") var master = "127.0.0.1:5050"
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0: any free port).") var port = 4400
    @Option(help: "Hostname to advertise to other instances (default: the bind address).") var hostname: String?
    @Option(help: "Directory for the state (jobs.db) when running without --zk.") var workDir = ".agora-jobs"
    @Option(help: "HA mode: elect a leader and keep the state in ZooKeeper, e.g. zk://h1:2181/agora-jobs.") var zk: String?
    @Option(help: "ZooKeeper session timeout; a leader that loses its session steps down.") var zkSessionTimeout: Duration = .seconds(10)
    @Option(help: "Framework name shown by the master.") var frameworkName = "agora-jobs"
    @Option(help: "How long the master keeps the framework's tasks while no scheduler is connected.")
    var failoverTimeout: Duration = .seconds(7 * 24 * 3600)
    @Option(help: "Delay before a failed task is relaunched, doubling per retry (Chronos --failure_retry).")
    var failureRetry: Duration = .seconds(60)

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0-65535") }
        guard self.zkSessionTimeout >= .milliseconds(100) else { throw ValidationError("--zk-session-timeout is too short") }
        _ = try self.zooKeeper()
    }

    /// The `--zk` URL, validated; nil without `--zk`.
    func zooKeeper() throws -> ZooKeeperURL? {
        guard let zk else { return nil }
        do {
            return try ZooKeeperURL.parse(zk)
        } catch {
            throw ValidationError("--zk: \(error)")
        }
    }

    func settings() throws -> JobsSettings {
        var settings = JobsSettings()
        settings.master = self.master
        settings.host = self.host
        settings.port = self.port
        settings.advertisedHostname = self.hostname
        settings.frameworkName = self.frameworkName
        settings.failoverTimeout = self.failoverTimeout
        settings.zooKeeper = try self.zooKeeper()
        settings.zooKeeperSessionTimeout = self.zkSessionTimeout
        let (seconds, attoseconds) = self.failureRetry.components
        settings.core.failureRetrySeconds = Double(seconds) + Double(attoseconds) / 1e18
        let directory = URL(fileURLWithPath: self.workDir).standardizedFileURL.path
        settings.store = .sqlite(path: "\(directory)/jobs.db")
        return settings
    }
}
