import Coordination
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct MultiTests {
        @Test func appliesEveryOperationTogether() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let base = uniquePath("multi")
            try await client.ensurePath(base)
            let results = try await client.multi([
                .create(path: base + "/a", data: bytes("a"), mode: .persistent),
                .create(path: base + "/seq_", data: [], mode: .persistentSequential),
                .set(path: base + "/a", data: bytes("b"), version: 0),
                .check(path: base, version: -1),
                .create(path: base + "/gone", data: [], mode: .persistent),
                .delete(path: base + "/gone", version: 0),
            ])
            #expect(results.count == 6)
            #expect(results[0] == .created(path: base + "/a"))
            guard case .created(let sequential) = results[1] else { Issue.record("not created: \(results[1])"); return }
            #expect(sequential.hasPrefix(base + "/seq_") && sequential.count == (base + "/seq_").count + 10)
            guard case .set(let stat) = results[2] else { Issue.record("not set: \(results[2])"); return }
            #expect(stat.version == 1)
            #expect(results[3...] == [.checked, .created(path: base + "/gone"), .deleted])
            #expect(try await client.get(base + "/a").data == bytes("b"))
            await client.close()
        }

        @Test func aFailingOperationLeavesNothingAppliedAndIsNamed() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let base = uniquePath("multi-fail")
            try await client.ensurePath(base)
            let failing = ZooKeeperOperation.create(path: base + "/missing/child", data: [], mode: .persistent)
            await #expect(throws: ZooKeeperError.multiFailed(index: 1, operation: failing, cause: .noNode(path: base + "/missing/child"))) {
                try await client.multi([.create(path: base + "/first", data: [], mode: .persistent), failing, .set(path: base, data: [1], version: -1)])
            }
            #expect(try await client.exists(base + "/first") == nil)
            #expect(try await client.get(base).data == [])
            await client.close()
        }

        @Test func aCheckFencesTheWrites() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let base = uniquePath("multi-fence")
            try await client.ensurePath(base)
            let fence = ZooKeeperOperation.check(path: base + "/leader", version: -1)
            do {
                try await client.multi([fence, .set(path: base, data: bytes("state"), version: -1)])
                Issue.record("the multi should have failed")
            } catch {
                #expect(error == .multiFailed(index: 0, operation: fence, cause: .noNode(path: base + "/leader")))
                #expect(error.description.contains("multi operation 0 (check \(base)/leader (version -1)) failed"))
            }
            let stale = ZooKeeperOperation.set(path: base, data: [], version: 7)
            await #expect(throws: ZooKeeperError.multiFailed(index: 1, operation: stale, cause: .badVersion(path: base))) {
                try await client.multi([.check(path: base, version: 0), stale])
            }
            await client.close()
        }
    }
}
