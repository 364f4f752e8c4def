import AgoraTestKit
import Coordination
import Foundation
import StateStore
import Synchronization
import Testing

/// One ZooKeeper server for the whole StateStore suite, started on first use (a JVM start
/// costs seconds); each fixture works under its own root path.
actor SharedStoreZooKeeper {
    static let shared = SharedStoreZooKeeper()
    /// One start, awaited by every caller (the actor is re-entered while it runs).
    private var starting: Task<ZooKeeperServer, any Error>?

    func get() async throws -> ZooKeeperServer {
        if self.starting == nil { self.starting = Task { try await ZooKeeperServer.start(name: "statestore") } }
        return try await self.starting!.value
    }
}

/// A store under a fresh root path; reopening closes the ZooKeeper session and opens a new
/// one, as a restarted master would.
final class ZooKeeperStoreFixture: StoreFixture {
    let root: String
    private let current = Mutex<ZooKeeperClient?>(nil)

    init() {
        self.root = "/statestore-tests/\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A second writer on the same data, with its own session.
    init(sharing other: ZooKeeperStoreFixture) {
        self.root = other.root
    }

    func open() async throws -> any StateStore {
        let server = try await SharedStoreZooKeeper.shared.get()
        let client = try ZooKeeperClient(servers: server.connectString, sessionTimeout: .seconds(5))
        try await client.waitUntilConnected(timeout: .seconds(10))
        self.current.withLock { $0 = client }
        return ZooKeeperStateStore(client: client, root: self.root)
    }

    func reopen() async throws -> any StateStore {
        await self.closeCurrent()
        return try await self.open()
    }

    func destroy() async throws {
        await self.closeCurrent()
    }

    private func closeCurrent() async {
        let client = self.current.withLock { current in
            defer { current = nil }
            return current
        }
        await client?.close()
    }
}
