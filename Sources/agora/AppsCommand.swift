import AppsServer
import ArgumentParser
import Coordination
import Foundation
import Logging
import ServiceLifecycle

/// `agora apps`: the apps framework (Marathon's v2 REST API) against a master.
struct AppsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps", abstract: "Run the apps framework: long-running services behind Marathon's v2 REST API.")

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var options: AppsOptions
    @OptionGroup var access: AccessOptions
    @OptionGroup var mesosAuthentication: MesosAuthenticationOptions

    func run() async throws {
        try checkTLSEnvironment()
        let logger = self.logging.bootstrap(label: "agora.apps")
        var settings = try self.options.settings()
        settings.access = try self.access.policy(realm: "marathon", logger: logger)
        settings.masterCredential = try self.mesosAuthentication.credential()
        let server = AppsServer(settings: settings, logger: logger) { announce("apps", $0) }
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// The apps framework's flags.
struct AppsOptions: ParsableArguments {
    @Option(help: "The master: host:port, http://host:port, zk://host:2181/agora or file:///path.")
    var master = "127.0.0.1:5050"
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port of the Marathon API (0: any free port).") var port = 8080
    @Option(help: "Host name clients and other apps servers reach this one by (default: --host).") var hostname: String?
    @Option(help: "Directory for the apps state (apps.db) when running without --zk.") var workDir = ".agora-apps"
    @Option(help: "HA mode: elect a leader among apps servers and keep the state in ZooKeeper, e.g. zk://h1:2181/agora-apps.")
    var zk: String?
    @Option(help: "ZooKeeper session timeout.") var zkSessionTimeout: Duration = .seconds(10)
    @Option(help: "The framework's name at the master.") var frameworkName = "marathon"
    @Option(help: "The user tasks run as (default: the current user).") var user: String?
    @Option(help: "Launches per agent per offer round (default: no limit; Marathon uses 5).") var maxInstancesPerOffer: Int?

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0-65535") }
        if let limit = self.maxInstancesPerOffer, limit < 1 { throw ValidationError("--max-instances-per-offer must be at least 1") }
        _ = try self.zooKeeper()
    }

    func zooKeeper() throws -> ZooKeeperURL? {
        guard let zk else { return nil }
        do {
            return try ZooKeeperURL.parse(zk)
        } catch {
            throw ValidationError("--zk: \(error)")
        }
    }

    func settings() throws -> AppsSettings {
        var settings = AppsSettings()
        settings.master = self.master
        settings.host = self.host
        settings.port = self.port
        settings.advertisedHostname = self.hostname
        settings.workDir = self.workDir
        settings.zooKeeper = try self.zooKeeper()
        settings.zooKeeperSessionTimeout = self.zkSessionTimeout
        settings.frameworkName = self.frameworkName
        settings.frameworkUser = self.user ?? ProcessInfo.processInfo.environment["USER"] ?? "root"
        settings.core.maxInstancesPerOffer = self.maxInstancesPerOffer
        return settings
    }
}
