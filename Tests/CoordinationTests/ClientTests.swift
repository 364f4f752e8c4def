import Coordination
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct ClientTests {
        @Test func createGetSetDeleteWithVersions() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let base = uniquePath("crud")
            try await client.ensurePath(base)
            let node = try await client.create(base + "/node", data: bytes("one"))
            #expect(node == base + "/node")
            let (data, stat) = try await client.get(node)
            #expect(data == bytes("one") && stat.version == 0 && stat.dataLength == 3)
            let updated = try await client.set(node, data: bytes("two"), version: 0)
            #expect(updated.version == 1)
            #expect(try await client.get(node).data == bytes("two"))
            await #expect(throws: ZooKeeperError.badVersion(path: node)) { try await client.set(node, data: [], version: 0) }
            await #expect(throws: ZooKeeperError.badVersion(path: node)) { try await client.delete(node, version: 0) }
            try await client.delete(node, version: 1)
            #expect(try await client.exists(node) == nil)
            await #expect(throws: ZooKeeperError.noNode(path: node)) { try await client.get(node) }
            await client.close()
        }

        @Test func errorsNameTheNode() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let base = uniquePath("errors")
            try await client.ensurePath(base + "/child")
            try await client.ensurePath(base + "/child")  // existing nodes are fine
            await #expect(throws: ZooKeeperError.nodeExists(path: base)) { try await client.create(base) }
            await #expect(throws: ZooKeeperError.noNode(path: base + "/missing/x")) { try await client.create(base + "/missing/x") }
            await #expect(throws: ZooKeeperError.notEmpty(path: base)) { try await client.delete(base) }
            await #expect(throws: ZooKeeperError.noNode(path: base + "/gone")) { try await client.delete(base + "/gone") }
            await #expect(throws: ZooKeeperError.invalidPath(path: "relative", reason: "must start with '/'")) {
                try await client.exists("relative")
            }
            #expect(ZooKeeperError.noNode(path: "/a").description == "znode /a does not exist")
            await client.close()
        }

        @Test func sequentialNodesGetTenIncreasingDigits() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let base = uniquePath("sequential")
            try await client.ensurePath(base)
            var numbers: [Int] = []
            for _ in 0..<3 {
                let path = try await client.create(base + "/item_", mode: .persistentSequential)
                let suffix = path.dropFirst((base + "/item_").count)
                #expect(suffix.count == 10 && suffix.allSatisfy(\.isNumber), "\(path)")
                numbers.append(try #require(Int(suffix)))
            }
            #expect(numbers == numbers.sorted() && Set(numbers).count == 3)
            #expect(try await client.children(base).sorted() == numbers.map { "item_" + String(format: "%010d", $0) })
            await client.close()
        }

        @Test func ephemeralNodesVanishWhenTheSessionCloses() async throws {
            let server = try SharedZooKeeper.current()
            let owner = try await connectedClient(server)
            let observer = try await connectedClient(server)
            let base = uniquePath("ephemeral")
            try await owner.ensurePath(base)
            let node = try await owner.create(base + "/mine", mode: .ephemeral)
            let stat = try #require(try await observer.exists(node))
            #expect(stat.ephemeralOwner == owner.sessionID && owner.sessionID != 0)
            await owner.close()
            #expect(owner.state == .closed)
            #expect(try await observer.exists(node) == nil)
            await observer.close()
        }

        @Test func emptyDataReadsBackEmpty() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let base = uniquePath("empty")
            try await client.ensurePath(base)
            #expect(try await client.get(base).data == [])
            try await client.set(base, data: bytes("x"))
            try await client.set(base, data: [])
            #expect(try await client.get(base).data == [])
            await client.close()
        }
    }
}
