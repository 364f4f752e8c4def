import Coordination
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct AuthTests {
        @Test func nodesOfAnAuthenticatedClientAreReadableByAllAndWritableByItsCredentials() async throws {
            let server = try SharedZooKeeper.current()
            let base = uniquePath("auth")
            let owner = try ZooKeeperClient(url: try ZooKeeperURL.parse("zk://agora:secret@\(server.connectString)\(base)"), sessionTimeout: .seconds(2))
            try await owner.waitUntilConnected(timeout: .seconds(10))
            try await owner.ensurePath(base)
            try await owner.set(base, data: bytes("state"))
            let sameUser = try ZooKeeperClient(
                servers: server.connectString, sessionTimeout: .seconds(2), credentials: .init(user: "agora", password: "secret"))
            let otherUser = try ZooKeeperClient(
                servers: server.connectString, sessionTimeout: .seconds(2), credentials: .init(user: "agora", password: "wrong"))
            let anonymous = try await connectedClient(server)
            for client in [sameUser, otherUser] { try await client.waitUntilConnected(timeout: .seconds(10)) }
            #expect(try await anonymous.get(base).data == bytes("state"))
            await #expect(throws: ZooKeeperError.noAuth(path: base)) { try await anonymous.set(base, data: []) }
            await #expect(throws: ZooKeeperError.noAuth(path: base)) { try await otherUser.set(base, data: []) }
            try await sameUser.set(base, data: bytes("updated"))
            #expect(try await owner.get(base).data == bytes("updated"))
            for client in [owner, sameUser, otherUser, anonymous] { await client.close() }
        }
    }
}
