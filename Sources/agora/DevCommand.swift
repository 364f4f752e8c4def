import Agent
import AgoraServer
import AgoraCommandLine
import AgoraModel
import ArgumentParser
import Foundation
import Logging
import Master
import ServiceLifecycle

/// `agora dev`: a whole cluster on loopback in one command — a master and N agents in this
/// process, or with `--ha` a local ZooKeeper and three masters as processes of their own
/// (so one can be killed) with the agents following the leader. Ctrl-C stops everything and
/// kills every task. Each run starts from a fresh registry: tasks do not outlive `agora dev`.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Run a development cluster (master + agents) on 127.0.0.1.")

    @OptionGroup var logging: LoggingOptions
    @Option(help: "Number of agents.") var agents = 1
    @Option(help: "Master port (0: any free port); with --ha the masters take this port, +10 and +20.") var masterPort = 5050
    @Option(help: "Port of the first agent; others take the next ones (0: any free port).") var agentPort = 5051
    @Option(help: "Directory for the cluster's state and the agents' sandboxes.") var workDir = ".agora-dev"
    @Option(help: "Resources of each agent (default: detected, cpus and mem split between agents).") var resources: String?
    @Flag(help: "High availability: a local ZooKeeper and three masters, each its own process.") var ha = false
    @Option(help: "With --ha: ZooKeeper's port (0: any free port).") var zkPort = 2181
    @Option(help: "With --ha: the masters' ZooKeeper session timeout (how long a dead leader takes to replace).")
    var zkSessionTimeout: Duration = .seconds(2)
    @OptionGroup var jobs: DevJobsOptions
    @OptionGroup var apps: DevAppsOptions

    func validate() throws {
        guard (1...64).contains(self.agents) else { throw ValidationError("--agents must be 1-64") }
        guard [self.masterPort, self.agentPort, self.zkPort].allSatisfy({ (0...65535).contains($0) }) else {
            throw ValidationError("ports must be 0-65535")
        }
    }

    func run() async throws {
        try checkTLSEnvironment()
        let logger = self.logging.bootstrap(label: "agora.dev")
        let workDir = URL(fileURLWithPath: self.workDir).standardizedFileURL.path
        var services: [any Service] = []
        let master: @Sendable () async -> String
        if self.ha {
            let cluster = try await HAMasters.start(
                workDir: workDir, zkPort: self.zkPort, firstPort: self.masterPort, sessionTimeout: self.zkSessionTimeout,
                logLevel: self.logging.logLevel, logFormat: self.logging.logFormat, logger: logger)
            services.append(cluster)
            let url = cluster.zooKeeperURL
            master = { url }
        } else {
            let (server, address) = try self.singleMaster(workDir: workDir, logger: logger)
            services.append(server)
            master = { await address.get() }
        }
        services.append(AgentsService(
            count: self.agents, firstPort: self.agentPort, workDir: workDir, resources: self.resources, master: master,
            logger: logger))
        services += try self.apps.services(master: master, workDir: workDir, logger: logger)
        services += try self.jobs.services(master: master, workDir: workDir, logger: logger)
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        let masters = self.ha ? "3 masters (HA)" : "master"
        print("agora dev: \(masters) + \(self.agents) agent(s); state and sandboxes in \(workDir); Ctrl-C stops everything")
        try await group.run()
    }

    /// The master in this process, with a fresh SQLite registry in the work directory.
    private func singleMaster(workDir: String, logger: Logger) throws -> (MasterServer, AddressBox) {
        try removeIfPresent("\(workDir)/master")
        let address = AddressBox()
        var settings = MasterSettings()
        settings.port = self.masterPort
        settings.registry = .sqlite(path: "\(workDir)/master/registry.db")
        settings.core.allocator.seed = UInt64.random(in: 0...UInt64.max)
        let server = MasterServer(settings: settings, logger: logger) { listening in
            print("agora dev: web UI at \(listening.url)/ui/")
            announce("master", listening)
            await address.set(listening)
        }
        return (server, address)
    }
}

/// Removes a file or directory tree left by an earlier run.
func removeIfPresent(_ path: String) throws {
    if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
}

/// Starts the agents once the master is known.
struct AgentsService: Service {
    let count: Int
    let firstPort: Int
    let workDir: String
    let resources: String?
    /// The master as agents name it: `host:port`, or the `zk://` URL in HA mode.
    let master: @Sendable () async -> String
    let logger: Logger

    func run() async throws {
        let master = await self.master()
        try await withThrowingDiscardingTaskGroup { group in
            for index in 0..<self.count {
                var settings = AgentSettings()
                settings.master = master
                settings.zooKeeperSessionTimeout = .seconds(2)
                settings.port = self.firstPort == 0 ? 0 : self.firstPort + index
                settings.resources = try Self.resources(self.resources, of: index, count: self.count, workDir: self.workDir)
                settings.executorCommand = executorCommand()
                settings.core.workDir = "\(self.workDir)/agent-\(index)"
                settings.killExecutorsOnShutdown = true
                let server = AgentServer(settings: settings, logger: self.logger) { announce("agent", $0) }
                group.addTask { try await server.run() }
            }
        }
    }
}

extension AgentsService {
    /// What agent `index` of `count` offers. One agent: `given` as it is (nil: detected).
    /// Several share one host, so each gets its own equal slice of the ports (two tasks on one
    /// port would collide); without `given` they also split the detected cpus, mem and disk
    /// instead of each claiming all of it, while `given` scalars are each agent's own.
    static func resources(_ given: String?, of index: Int, count: Int, workDir: String) throws -> String? {
        guard count > 1 else { return given }
        let machine = try ResourceDetection.resources(flag: given, workDir: workDir)
        let split = given == nil
        let items = machine.map { resource -> Resource in
            var resource = resource
            switch resource.value {
            case .ranges(let ranges) where resource.name == "ports": resource.value = .ranges(ranges.part(index, of: count))
            case .scalar(let amount) where split: resource.value = .scalar(Scalar((amount.doubleValue / Double(count) * 1000).rounded(.down) / 1000))
            default: break
            }
            return resource
        }
        return Resources(items).description
    }
}

/// A value set once and awaited by others.
actor AddressBox {
    private var address: ListeningAddress?
    private var waiters: [CheckedContinuation<String, Never>] = []

    func set(_ address: ListeningAddress) {
        self.address = address
        for waiter in self.waiters { waiter.resume(returning: address.description) }
        self.waiters = []
    }

    func get() async -> String {
        if let address { return address.description }
        return await withCheckedContinuation { self.waiters.append($0) }
    }
}
