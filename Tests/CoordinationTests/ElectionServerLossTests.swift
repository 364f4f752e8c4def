import Coordination
import Testing
import AgoraTestKit

/// Stops and restarts ZooKeeper under an election: runs on a server of its own.
@Suite struct ElectionServerLossTests {
    @Test func losingZooKeeperDeposesTheLeaderAndItsReturnElectsOne() async throws {
        let server = try await ZooKeeperServer.start(name: "election-loss")
        let group = "/agora"
        let sessionTimeout = Duration.milliseconds(1500)
        var contenders: [Contender] = []
        for name in ["a", "b", "c"] {
            contenders.append(try await startContender(server, group: group, name: name, sessionTimeout: sessionTimeout))
        }
        let observer = try await connectedClient(server)
        let detector = LeaderDetector(
            url: try ZooKeeperURL.parse(server.url(path: group)), sessionTimeout: sessionTimeout, logger: testLogger("detector"))
        let leader = try await waitForSingleLeader(contenders, group: group, observer: observer)
        try await eventually("the detector to see the leader") { detector.leader?.path == leader.node }

        await server.stop()
        try await eventually("the leader to step down") { leader.current == .lost(.connectionLost) }
        #expect(elected(contenders).isEmpty)
        // The detector gives up on the old leader only after a whole session timeout.
        try await eventually("the detector to report no leader") { detector.leader == nil }
        #expect(elected(contenders).isEmpty)

        try await server.start()
        let restored = try await waitForSingleLeader(contenders, group: group, observer: try await connectedClient(server))
        try await eventually("the detector to see the leader again") { detector.leader?.path == restored.node }
        #expect(elected(contenders).count == 1)
        for contender in contenders { await contender.contender.withdraw() }
        await detector.stop()
        await server.shutdown()
    }
}
