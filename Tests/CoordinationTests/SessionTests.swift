import Coordination
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct SessionExpiryTests {
        @Test func aStolenAndClosedSessionExpires() async throws {
            let server = try SharedZooKeeper.current()
            let victim = try await connectedClient(server)
            let observer = try await connectedClient(server)
            let states = Recorder(victim.stateChanges())
            let base = uniquePath("expiry")
            try await victim.ensurePath(base)
            let node = try await victim.create(base + "/ephemeral", mode: .ephemeral)
            let (_, watch) = try await victim.existsAndWatch(base + "/other")
            try await expire(try #require(victim.session), on: server)
            try await eventually("the victim to see its session expire") { victim.state == .expired }
            // The recorder drains the state stream on its own task: wait for it to catch up.
            try await eventually("the state stream to report the expiry") { states.all.contains(.expired) }
            #expect(try await observer.exists(node) == nil)
            #expect(try await watch.event() == .sessionLost(.expired))
            await #expect(throws: ZooKeeperError.sessionExpired) { try await victim.exists(base) }
            await victim.close()
            await observer.close()
        }
    }
}

/// Tests that stop the server run against one of their own.
@Suite struct ConnectionLossTests {
    @Test func theSessionSurvivesAServerRestartWithinItsTimeout() async throws {
        let server = try await ZooKeeperServer.start(name: "connection-loss")
        let client = try await connectedClient(server, sessionTimeout: .seconds(4))
        let session = try #require(client.session)
        let node = try await client.create("/mine", mode: .ephemeral)
        let (_, watch) = try await client.existsAndWatch(node)
        await server.stop()
        try await eventually("the client to notice the loss") { client.state == .connecting }
        await #expect(throws: ZooKeeperError.connectionLoss) { try await client.exists(node) }
        try await server.start()
        try await client.waitUntilConnected(timeout: .seconds(10))
        #expect(client.session == session)
        #expect(try await client.exists(node)?.ephemeralOwner == session.id)
        #expect(watch.firedEvent == nil && client.watchedPaths == [node])
        try await client.delete(node)
        #expect(try await watch.event() == .deleted(path: node))
        await client.close()
        await server.shutdown()
    }
}
