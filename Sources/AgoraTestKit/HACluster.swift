import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A ZooKeeper server, three masters contending under `/agora` and agents following the
/// leader, all real processes on 127.0.0.1, for failover tests.
public final class HACluster: @unchecked Sendable {
    // Mutated only by the test that owns the cluster, from one task at a time.
    public let zooKeeper: ZooKeeperServer
    public private(set) var masters: [ServerProcess?] = []
    public private(set) var masterAddresses: [String] = []
    public private(set) var agents: [ServerProcess] = []
    public let directory: String
    public let sessionTimeout: String

    /// `zk://127.0.0.1:<port>/agora`, what agents and frameworks are given.
    public var url: String { self.zooKeeper.url(path: "/agora") }

    public init(name: String, masters: Int = 3, sessionTimeout: String = "1s") async throws {
        self.directory = Paths.scratch(name)
        self.sessionTimeout = sessionTimeout
        self.zooKeeper = try await ZooKeeperServer.start(name: name)
        for index in 0..<masters { try await self.startMaster(index) }
    }

    private func startMaster(_ index: Int) async throws {
        let master = try ServerProcess(
            ["master", "--port", "0", "--zk", self.url, "--zk-session-timeout", self.sessionTimeout,
             "--agent-timeout", "3s", "--agent-heartbeat-interval", "500ms", "--work-dir", "\(self.directory)/master-\(index)"]
                + LocalCluster.logLevel,
            name: "master-\(index)", logDirectory: self.directory)
        let address = try await master.address(of: "master")
        if index < self.masters.count {
            self.masters[index] = master
            self.masterAddresses[index] = address
        } else {
            self.masters.append(master)
            self.masterAddresses.append(address)
        }
    }

    @discardableResult
    public func addAgent(resources: String = TaskPorts.resources()) async throws -> ServerProcess {
        let index = self.agents.count
        let agent = try ServerProcess(
            ["agent", "--master", self.url, "--port", "0", "--work-dir", "\(self.directory)/agent-\(index)", "--resources", resources]
                + LocalCluster.logLevel,
            name: "agent-\(index)", logDirectory: self.directory)
        _ = try await agent.address(of: "agent")
        self.agents.append(agent)
        return agent
    }

    /// Which masters report `master/elected` 1 now (a killed master counts as not elected).
    public func electedMasters() async -> [Int] {
        var elected: [Int] = []
        for (index, master) in self.masters.enumerated() where master?.isAlive == true {
            // A master that does not answer (starting, stopping) is not an elected one.
            guard let metrics = try? await getJSON("http://\(self.masterAddresses[index])/metrics/snapshot") else { continue }
            if metrics["master/elected"] as? Double == 1 { elected.append(index) }
        }
        return elected
    }

    /// Waits until exactly one master leads; returns its index.
    public func leader(within seconds: Double = 30) async throws -> Int {
        try await eventuallyValue("exactly one elected master", within: seconds) {
            let elected = await self.electedMasters()
            return elected.count == 1 ? elected[0] : nil
        }
    }

    /// SIGKILLs master `index` and waits for it to be gone.
    public func killMaster(_ index: Int) async {
        guard let master = self.masters[index] else { return }
        master.signal(SIGKILL)
        _ = await master.waitForExit()
        self.masters[index] = nil
    }

    /// Stops everything, killing every task the agents started.
    public func stop() async {
        for agent in self.agents { await agent.stop() }
        for master in self.masters.compactMap({ $0 }) { await master.stop() }
        await self.zooKeeper.shutdown()
    }
}
