import Foundation
import GRDB
@testable import StateStore
import Testing

/// What only the SQLite store does: file ownership, format checks, durability settings.
@Suite struct SQLiteStateStoreTests {
    @Test func aSecondOpenerIsRefusedUntilTheFirstCloses() async throws {
        let fixture = try SQLiteFixture()
        defer { #expect(throws: Never.self) { try fixture.destroy() } }
        let first = try SQLiteStateStore(path: fixture.path)
        try await first.apply([.put(key: "k", value: [1])], namespace: "registry")

        let refusal = #expect(throws: StateStoreError.self) { try SQLiteStateStore(path: fixture.path) }
        let message = try #require(refusal?.unavailableMessage)
        #expect(message.contains(fixture.path) && message.contains("(pid \(getpid()))"))
        #expect(try String(contentsOfFile: fixture.path + ".lock", encoding: .utf8) == "\(getpid())\n")

        try first.close()
        try first.close()
        let afterClose = await #expect(throws: StateStoreError.self) { try await first.load(namespace: "registry") }
        #expect(afterClose?.unavailableMessage?.contains("closed") == true)

        let second = try SQLiteStateStore(path: fixture.path)
        #expect(try await second.load(namespace: "registry") == ["k": [1]])
        try second.close()
    }

    @Test func aNewerSchemaIsRefusedAndLeftUntouched() async throws {
        let fixture = try SQLiteFixture()
        defer { #expect(throws: Never.self) { try fixture.destroy() } }
        let store = try SQLiteStateStore(path: fixture.path)
        try await store.apply([.put(key: "k", value: [1])], namespace: "apps")
        try store.close()
        try Self.withRawDatabase(fixture.path) { try $0.execute(sql: "PRAGMA user_version = 7") }
        let before = try Self.contents(of: fixture.directory.path)

        for _ in 1...2 {  // twice: a refused open must not leave the store locked
            let error = #expect(throws: StateStoreError.self) { try SQLiteStateStore(path: fixture.path) }
            #expect(error == .incompatibleFormat(found: 7, supported: SQLiteStateStore.schemaVersion))
        }
        #expect(try Self.contents(of: fixture.directory.path) == before)
    }

    @Test func aFileThatIsNotADatabaseIsReportedCorrupt() throws {
        let fixture = try SQLiteFixture()
        defer { #expect(throws: Never.self) { try fixture.destroy() } }
        let garbage = Data(String(repeating: "this is not a SQLite database\n", count: 300).utf8)
        try garbage.write(to: URL(fileURLWithPath: fixture.path))

        let error = #expect(throws: StateStoreError.self) { try SQLiteStateStore(path: fixture.path) }
        #expect(error?.corruptMessage?.contains(fixture.path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.path)) == garbage)
    }

    @Test func anotherApplicationsDatabaseIsRefused() throws {
        let fixture = try SQLiteFixture()
        defer { #expect(throws: Never.self) { try fixture.destroy() } }
        try Self.withRawDatabase(fixture.path) { try $0.execute(sql: "CREATE TABLE photos (id INTEGER PRIMARY KEY)") }
        let before = try Self.contents(of: fixture.directory.path)

        let error = #expect(throws: StateStoreError.self) { try SQLiteStateStore(path: fixture.path) }
        #expect(error?.corruptMessage?.contains("not a state store") == true)
        #expect(try Self.contents(of: fixture.directory.path) == before)
    }

    @Test func writesAreDurableWriteAheadLogged() async throws {
        let fixture = try SQLiteFixture()
        defer { #expect(throws: Never.self) { try fixture.destroy() } }
        let store = try SQLiteStateStore(path: fixture.path)
        #expect(try await store.pragma("synchronous") == 2.databaseValue)  // FULL
        #expect(try await store.pragma("journal_mode") == "wal".databaseValue)
        #expect(try await store.pragma("user_version") == SQLiteStateStore.schemaVersion.databaseValue)
        try store.close()
    }

    @Test func missingParentDirectoriesAreCreated() async throws {
        let directory = try TemporaryDirectory()
        defer { #expect(throws: Never.self) { try directory.remove() } }
        let path = directory.path + "/master/state/registry.db"
        let store = try SQLiteStateStore(path: path)
        try await store.apply([.put(key: "k", value: [1])], namespace: "registry")
        try store.close()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    /// Every file in `directory` with its bytes (the database, and any journal left), except
    /// the store's lock file, which an open creates.
    static func contents(of directory: String) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasSuffix(".lock") {
            contents[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return contents
    }

    /// Opens the file with plain GRDB, as another program would, and closes it again.
    static func withRawDatabase(_ path: String, _ body: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction(body)
        try queue.close()
    }
}
