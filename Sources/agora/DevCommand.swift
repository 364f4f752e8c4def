import Agent
import AgoraServer
import ArgumentParser
import Foundation
import Logging
import Master
import ServiceLifecycle

/// `agora dev`: a whole cluster on loopback in one process — a master and N agents.
/// Ctrl-C stops everything and kills every task.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Run a development cluster (master + agents) on 127.0.0.1.")

    @OptionGroup var logging: LoggingOptions
    @Option(help: "Number of agents.") var agents = 1
    @Option(help: "Master port (0: any free port).") var masterPort = 5050
    @Option(help: "Port of the first agent; others take the next ones (0: any free port).") var agentPort = 5051
    @Option(help: "Directory for the agents' sandboxes.") var workDir = ".agora-dev"
    @Option(help: "Resources of each agent (default: detected, cpus and mem split between agents).") var resources: String?

    func validate() throws {
        guard (1...64).contains(self.agents) else { throw ValidationError("--agents must be 1-64") }
        guard (0...65535).contains(self.masterPort), (0...65535).contains(self.agentPort) else {
            throw ValidationError("ports must be 0-65535")
        }
    }

    func run() async throws {
        let logger = self.logging.bootstrap(label: "agora.dev")
        let workDir = URL(fileURLWithPath: self.workDir).standardizedFileURL.path
        let masterAddress = AddressBox()
        var masterSettings = MasterSettings()
        masterSettings.port = self.masterPort
        masterSettings.registry = .sqlite(path: "\(workDir)/master/registry.db")
        masterSettings.core.allocator.seed = UInt64.random(in: 0...UInt64.max)
        let master = MasterServer(settings: masterSettings, logger: logger) { address in
            announce("master", address)
            await masterAddress.set(address)
        }
        let agents = AgentsService(
            count: self.agents, firstPort: self.agentPort, workDir: workDir, resources: self.resources,
            master: masterAddress, logger: logger)
        let group = ServiceGroup(services: [master, agents], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        print("agora dev: master + \(self.agents) agent(s); sandboxes in \(workDir); Ctrl-C stops everything")
        try await group.run()
    }
}

/// Starts the agents once the master's address is known.
struct AgentsService: Service {
    let count: Int
    let firstPort: Int
    let workDir: String
    let resources: String?
    let master: AddressBox
    let logger: Logger

    func run() async throws {
        let master = await self.master.get()
        try await withThrowingDiscardingTaskGroup { group in
            for index in 0..<self.count {
                var settings = AgentSettings()
                settings.master = "\(master.host):\(master.port)"
                settings.port = self.firstPort == 0 ? 0 : self.firstPort + index
                settings.resources = try self.resources ?? Self.share(of: index, count: self.count, workDir: self.workDir)
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
    /// Without `--resources`, the agents split what the machine has instead of each
    /// claiming all of it: an equal share of cpus, mem and disk and their own ports.
    static func share(of index: Int, count: Int, workDir: String) throws -> String? {
        guard count > 1 else { return nil }
        let machine = try ResourceDetection.resources(flag: nil, workDir: workDir)
        func part(_ name: String) -> String {
            let each = (machine.scalar(name).doubleValue / Double(count) * 1000).rounded(.down) / 1000
            return "\(name):\(each)"
        }
        let ports = 1001 / count
        let first = 31000 + index * ports
        return [part("cpus"), part("mem"), part("disk"), "ports:[\(first)-\(first + ports - 1)]"].joined(separator: ";")
    }
}

/// A value set once and awaited by others.
actor AddressBox {
    private var address: ListeningAddress?
    private var waiters: [CheckedContinuation<ListeningAddress, Never>] = []

    func set(_ address: ListeningAddress) {
        self.address = address
        for waiter in self.waiters { waiter.resume(returning: address) }
        self.waiters = []
    }

    func get() async -> ListeningAddress {
        if let address { return address }
        return await withCheckedContinuation { self.waiters.append($0) }
    }
}
