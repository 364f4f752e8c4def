import AgoraPosix
import AsyncHTTPClient
import Foundation
import LocalZooKeeper

#if canImport(Glibc)
import Glibc
#endif

/// ZooKeeper, masters contending under `/agora` and one agent, as real processes.
struct FailoverCluster {
    let zooKeeper: LocalZooKeeper
    let masters: [(pid: pid_t, address: String)]
    let agent: pid_t
    let directory: String

    var url: String { self.zooKeeper.url(path: "/agora") }

    static func start(masters count: Int, sessionTimeout: Duration) async throws -> FailoverCluster {
        let directory = NSTemporaryDirectory() + "agora-bench-failover-\(UUID().uuidString.prefix(8))"
        let zooKeeper = try LocalZooKeeper(directory: "\(directory)/zookeeper", port: try freeLoopbackPort())
        try await zooKeeper.start()
        let url = zooKeeper.url(path: "/agora")
        let timeout = "\(Int(sessionTimeout.seconds * 1000))ms"
        var masters: [(pid_t, String)] = []
        for index in 0..<count {
            let pid = try BenchCluster.spawn(
                BenchCluster.agoraBinary,
                ["master", "--port", "0", "--zk", url, "--zk-session-timeout", timeout, "--log-level", "warning",
                 "--work-dir", "\(directory)/master-\(index)"],
                name: "master-\(index)", in: directory)
            masters.append((pid, try await BenchCluster.address(of: "master", in: "\(directory)/master-\(index).out")))
        }
        let agent = try BenchCluster.spawn(
            BenchCluster.agoraBinary,
            ["agent", "--master", url, "--port", "0", "--log-level", "warning", "--work-dir", "\(directory)/agent",
             "--resources", "cpus:64;mem:65536;disk:65536;ports:[31000-32000]"],
            name: "agent", in: directory)
        _ = try await BenchCluster.address(of: "agent", in: "\(directory)/agent.out")
        return FailoverCluster(zooKeeper: zooKeeper, masters: masters, agent: agent, directory: directory)
    }

    /// The index of the master reporting `master/elected` 1, once exactly one does.
    func leader(excluding dead: Int? = nil) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            var elected: [Int] = []
            for (index, master) in self.masters.enumerated() where index != dead {
                if await Self.isElected(master.address) { elected.append(index) }
            }
            if elected.count == 1 { return elected[0] }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError("no single leader within 60 s; logs in \(self.directory)")
    }

    /// How long after `killedAt` another master reported itself elected.
    func nextLeader(after killedAt: ContinuousClock.Instant, excluding dead: Int) async throws -> Duration {
        _ = try await self.leader(excluding: dead)
        return ContinuousClock.now - killedAt
    }

    func kill(_ index: Int) { Glibc.kill(self.masters[index].pid, SIGKILL) }

    /// Stops the agent first (it kills its tasks), then the masters and ZooKeeper.
    func stop() async {
        for pid in [self.agent] + self.masters.map(\.pid) {
            Glibc.kill(pid, SIGTERM)
            _ = await ProcessReaper.shared.waitForExit(of: pid)
        }
        await self.zooKeeper.stop()
    }

    /// Whether the master says it leads; a master that does not answer does not.
    private static func isElected(_ address: String) async -> Bool {
        do {
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://\(address)/metrics/snapshot"), timeout: .seconds(2))
            let body = try await response.body.collect(upTo: 1 << 20)
            let metrics = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            return metrics?["master/elected"] as? Double == 1
        } catch {
            return false
        }
    }
}
