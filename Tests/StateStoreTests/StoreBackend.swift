import StateStore
import Synchronization
import Testing

/// One `StateStore` implementation under the conformance suite. A new backend joins the
/// suite with one line in `all` (and a fixture type).
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    let makeFixture: @Sendable () async throws -> any StoreFixture

    static let all: [StoreBackend] = [.sqlite, .inMemory, .zooKeeper]

    static let sqlite = StoreBackend(name: "SQLite") { try SQLiteFixture() }
    static let zooKeeper = StoreBackend(name: "ZooKeeper") { ZooKeeperStoreFixture() }
    static let inMemory = StoreBackend(name: "in-memory") { InMemoryFixture() }

    var testDescription: String { self.name }

    /// Runs `body` with a fresh, empty store; cleans up whether or not `body` throws.
    func withStore(_ body: (any StateStore, any StoreFixture) async throws -> Void) async throws {
        let fixture = try await self.makeFixture()
        do {
            try await body(try await fixture.open(), fixture)
        } catch {
            do { try await fixture.destroy() } catch let cleanup { Issue.record(cleanup, "cleaning up after a failure") }
            throw error
        }
        try await fixture.destroy()
    }
}

/// A store's backing data, reachable again as a restarted process would reach it.
protocol StoreFixture: Sendable {
    /// Opens the store on the fixture's data.
    func open() async throws -> any StateStore
    /// Closes the store last opened and opens it again on the same data.
    func reopen() async throws -> any StateStore
    /// Closes whatever is open and removes the data.
    func destroy() async throws
}

/// One database file in a temporary directory; reopening closes and reopens the file.
final class SQLiteFixture: StoreFixture {
    let directory: TemporaryDirectory
    let path: String
    private let current = Mutex<SQLiteStateStore?>(nil)

    init() throws {
        self.directory = try TemporaryDirectory()
        self.path = self.directory.path + "/state.db"
    }

    func open() throws -> any StateStore {
        let store = try SQLiteStateStore(path: self.path)
        self.current.withLock { $0 = store }
        return store
    }

    func reopen() throws -> any StateStore {
        try self.closeCurrent()
        return try self.open()
    }

    func destroy() throws {
        try self.closeCurrent()
        try self.directory.remove()
    }

    private func closeCurrent() throws {
        try self.current.withLock { current in
            try current?.close()
            current = nil
        }
    }
}

/// One in-memory store; "reopening" hands back the same instance, whose data never left.
struct InMemoryFixture: StoreFixture {
    let store = InMemoryStateStore()
    func open() -> any StateStore { self.store }
    func reopen() -> any StateStore { self.store }
    func destroy() {}
}
