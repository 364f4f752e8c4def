import AgoraTestKit
import Coordination
import StateStore
import Testing

/// What only the ZooKeeper backend does: compare-and-set against other writers, and the
/// leadership fence that makes a deposed leader's write fail and change nothing.
@Suite struct ZooKeeperStateStoreTests {
    @Test func aWriteRacingAnotherWriterFailsAsAConflict() async throws {
        let fixture = ZooKeeperStoreFixture()
        let first = try await fixture.open()
        try await first.apply([.put(key: "agents/a", value: [1])], namespace: "registry")
        _ = try await first.load(namespace: "registry")
        let other = try await ZooKeeperStoreFixture(sharing: fixture).open()
        _ = try await other.load(namespace: "registry")
        try await other.apply([.put(key: "agents/a", value: [2])], namespace: "registry")
        let error = await #expect(throws: StateStoreError.self) {
            try await first.apply([.put(key: "agents/a", value: [3])], namespace: "registry")
        }
        guard case .conflict = error else { Issue.record("expected a conflict, got \(String(describing: error))"); return }
        #expect(try await other.load(namespace: "registry") == ["agents/a": [2]])
        try await fixture.destroy()
    }

    @Test func aFencedWriterThatLostItsLeadershipNodeChangesNothing() async throws {
        let server = try await SharedStoreZooKeeper.shared.get()
        let client = try ZooKeeperClient(servers: server.connectString, sessionTimeout: .seconds(5))
        try await client.waitUntilConnected(timeout: .seconds(10))
        let root = "/fence-\(UInt32.random(in: 0...UInt32.max))"
        try await client.ensurePath(root)
        let leader = try await client.create("\(root)/json.info_", data: [], mode: .ephemeralSequential)
        let store = ZooKeeperStateStore(client: client, root: root, fence: leader)
        try await store.apply([.put(key: "frameworks/f", value: [1])], namespace: "registry")
        try await client.delete(leader)
        let error = await #expect(throws: StateStoreError.self) {
            try await store.apply([.put(key: "frameworks/f", value: [9]), .put(key: "frameworks/g", value: [9])], namespace: "registry")
        }
        guard case .fenced = error else { Issue.record("expected fenced, got \(String(describing: error))"); return }
        #expect(try await ZooKeeperStateStore(client: client, root: root).load(namespace: "registry") == ["frameworks/f": [1]])
        await client.close()
    }

    @Test func keysBecomeSingleNodeNames() async throws {
        let fixture = ZooKeeperStoreFixture()
        let store = try await fixture.open()
        try await store.apply([.put(key: "quotas/a/b", value: [1]), .put(key: "..", value: [2]), .put(key: "%", value: [3])], namespace: "registry")
        let server = try await SharedStoreZooKeeper.shared.get()
        let client = try ZooKeeperClient(servers: server.connectString, sessionTimeout: .seconds(5))
        try await client.waitUntilConnected(timeout: .seconds(10))
        #expect(Set(try await client.children("\(fixture.root)/registry")) == ["quotas%2Fa%2Fb", "%2E.", "%25"])
        await client.close()
        #expect(try await fixture.reopen().load(namespace: "registry") == ["quotas/a/b": [1], "..": [2], "%": [3]])
        try await fixture.destroy()
    }
}
