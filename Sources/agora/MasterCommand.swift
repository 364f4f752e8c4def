import AgoraServer
import ArgumentParser
import Logging
import Master
import ServiceLifecycle

/// `agora master`: runs a master.
struct MasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "master", abstract: "Run a master.")

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var options: MasterOptions

    func run() async throws {
        let logger = self.logging.bootstrap(label: "agora.master")
        let server = MasterServer(settings: self.options.settings, logger: logger) { announce("master", $0) }
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
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

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0-65535") }
        guard self.agentHeartbeatInterval < self.agentTimeout else {
            throw ValidationError("--agent-heartbeat-interval must be shorter than --agent-timeout")
        }
        guard self.heartbeatInterval > .zero, self.allocationInterval > .zero else {
            throw ValidationError("--heartbeat-interval and --allocation-interval must be positive")
        }
    }

    var settings: MasterSettings {
        var settings = MasterSettings()
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
