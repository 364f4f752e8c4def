import AgoraTestKit
import Foundation
import OperatorClient
import Testing

extension OperatorIntegration {
    /// The operator API and its clients with several masters: standbys answer about themselves
    /// and redirect the rest; `zk://` finds the leader.
    @Suite(.serialized) struct OperatorHATests {
        @Test func clientsFindTheLeaderAndStandbysRedirect() async throws {
            try await withHACluster("operator-ha", agents: 1) { cluster in
                let leader = try await cluster.leader()
                let leaderPort = try #require(Int(cluster.masterAddresses[leader].split(separator: ":")[1]))
                let standby = cluster.masterAddresses[(leader + 1) % cluster.masterAddresses.count]
                let json = ["Content-Type": "application/json"]
                try await eventually("the standby to know the leader") {
                    let state = try await http("POST", "http://\(standby)/api/v1", headers: json, body: Array(#"{"type":"GET_STATE"}"#.utf8))
                    return state.status == 307 && state.headers["location"] == "//127.0.0.1:\(leaderPort)/api/v1"
                }
                let health = try await http("POST", "http://\(standby)/api/v1", headers: json, body: Array(#"{"type":"GET_HEALTH"}"#.utf8))
                #expect(health.status == 200, "a standby answers about itself")
                let own = try await http("POST", "http://\(standby)/api/v1", headers: json, body: Array(#"{"type":"GET_MASTER"}"#.utf8))
                #expect(own.status == 200 && !own.body.contains("elected_time"), "\(own.body)")

                let client = try OperatorClient(master: cluster.url, environment: [:])
                try await eventually("the agent to register") { try await client.agents().agents.count == 1 }
                #expect(try await client.master().masterInfo.port == UInt32(leaderPort))
                await client.shutdown()
                let viaStandby = try OperatorClient(master: standby, environment: [:])
                #expect(try await viaStandby.agents().agents.count == 1, "the standby's 307 is followed")
                await viaStandby.shutdown()
                let status = try await runCLI(["status", "-o", "json", "--master", cluster.url], in: cluster.directory)
                let leaderJSON = (try status.json() as? [String: Any])?["leader"] as? [String: Any]
                #expect(leaderJSON?["port"] as? Int == leaderPort, "\(status.stdout) \(status.stderr)")
            }
        }
    }
}
