import Coordination
import Foundation
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct LifecycleTests {
        @Test func closeWhileCallsAreInFlightFailsThemCleanly() async throws {
            let server = try SharedZooKeeper.current()
            let client = try await connectedClient(server)
            let base = uniquePath("inflight")
            try await client.ensurePath(base)
            let results = await withTaskGroup(of: String?.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        do {
                            _ = try await client.create("\(base)/n\(index)")
                            return "ok"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                group.addTask {
                    await client.close()
                    return nil
                }
                return await group.reduce(into: [String]()) { if let outcome = $1 { $0.append(outcome) } }
            }
            #expect(results.count == 200)
            let allowed: Set<String> = ["ok", "\(ZooKeeperError.closing)", "\(ZooKeeperError.connectionLoss)"]
            #expect(Set(results).isSubset(of: allowed), "\(Set(results))")
            #expect(client.state == .closed)
        }

        @Test func waitUntilConnectedTimesOutWithoutAServer() async throws {
            let client = try ZooKeeperClient(servers: "127.0.0.1:\(freePort())", sessionTimeout: .seconds(2))
            await #expect(throws: ZooKeeperError.connectTimeout(.milliseconds(300))) {
                try await client.waitUntilConnected(timeout: .milliseconds(300))
            }
            #expect(client.state == .connecting && client.session == nil)
            await client.close()
        }

        @Test func rejectsBadArguments() throws {
            #expect(throws: ZooKeeperError.badArguments("a session password has 16 bytes, not 3")) {
                try ZooKeeperClient(servers: "127.0.0.1:1", sessionTimeout: .seconds(1), session: ZooKeeperSession(id: 1, password: [1, 2, 3]))
            }
            #expect(throws: ZooKeeperError.self) { try ZooKeeperClient(servers: "", sessionTimeout: .seconds(1)) }
        }

        @Test func theSessionIsKnownOnceConnected() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current(), sessionTimeout: .seconds(3))
            let session = try #require(client.session)
            #expect(session.id != 0 && session.password.count == 16)
            #expect(client.sessionID == session.id && client.sessionPassword == session.password)
            #expect(client.negotiatedSessionTimeout == .seconds(3))
            await client.close()
        }
    }
}

@Suite(.serialized) struct LibraryLogTests {
    @Test func theLibraryLogGoesToAFileWhenAsked() async throws {
        let directory = Paths.scratch("zk-log")
        let file = directory + "/zookeeper-client.log"
        try ZooKeeperLibraryLog.configure(.file(file))
        let client = try ZooKeeperClient(servers: "127.0.0.1:\(freePort())", sessionTimeout: .seconds(2))
        try await eventually("the library to log the refused connection") {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            return text.contains("ZOO_ERROR") || text.contains("ZOO_WARN")
        }
        try ZooKeeperLibraryLog.configure(.quiet)
        await client.close()
        #expect(throws: ZooKeeperError.self) { try ZooKeeperLibraryLog.configure(.file(directory + "/missing/dir/log")) }
        Paths.discardScratch(directory)
    }
}
