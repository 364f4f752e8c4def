import Foundation
import GRDB

/// Opening the file: connection settings, schema checks before any write, migrations.
extension SQLiteStateStore {
    /// The schema this build writes and the newest it can read (`PRAGMA user_version`).
    static let schemaVersion = 1
    /// `PRAGMA application_id` of a state store ("AGST"), so a foreign SQLite file is refused.
    static let applicationID: Int32 = 0x4147_5354

    static func openDatabase(at path: String) throws -> DatabaseQueue {
        let existed = FileManager.default.fileExists(atPath: path)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: Self.configuration())
        } catch {
            throw Self.translate(error, path: path)
        }
        do {
            try queue.writeWithoutTransaction { database in try Self.prepare(database, path: path) }
            if !existed { try FileSystem.syncDirectory(of: path) }
            return queue
        } catch {
            Self.closeAfterFailedOpen(queue)
            throw Self.translate(error, path: path)
        }
    }

    /// Connection settings only: nothing here writes to the file (GRDB's `.wal` journal
    /// configuration would, before the format could be checked).
    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "StateStore"
        // Wait out a reader such as an operator's sqlite3 shell instead of failing at once.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { database in
            try database.execute(sql: "PRAGMA synchronous = FULL")
            // Big values grow the WAL; give the disk space back after each checkpoint.
            try database.execute(sql: "PRAGMA journal_size_limit = \(16 << 20)")
        }
        return configuration
    }

    /// Checks the file is ours and not newer before changing anything, then switches to WAL
    /// and migrates.
    private static func prepare(_ database: Database, path: String) throws {
        let version = try Int.fetchOne(database, sql: "PRAGMA user_version") ?? 0
        let application = try Int32.fetchOne(database, sql: "PRAGMA application_id") ?? 0
        let objects = try Int.fetchOne(database, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        let fresh = version == 0 && application == 0 && objects == 0
        if !fresh && application != Self.applicationID {
            throw StateStoreError.corrupt(
                "\(path) is a SQLite database but not a state store (application_id \(application), not \(Self.applicationID))")
        }
        guard version >= 0 else { throw StateStoreError.corrupt("\(path) has a negative schema version (\(version))") }
        guard version <= Self.schemaVersion else {
            throw StateStoreError.incompatibleFormat(found: version, supported: Self.schemaVersion)
        }
        let mode = try String.fetchOne(database, sql: "PRAGMA journal_mode = WAL")
        guard mode == "wal" else {
            throw StateStoreError.unavailable("cannot use write-ahead logging on \(path) (journal mode stays \(mode ?? "unknown"))")
        }
        try Self.migrate(database, from: version)
    }

    /// Brings the schema from `version` to `schemaVersion`, each step in its own transaction.
    private static func migrate(_ database: Database, from version: Int) throws {
        for step in version..<Self.schemaVersion {
            try database.inTransaction {
                try Self.migrations[step](database)
                try database.execute(sql: "PRAGMA user_version = \(step + 1)")
                return .commit
            }
        }
    }

    /// `migrations[n]` turns schema version n into n + 1.
    private static let migrations: [@Sendable (Database) throws -> Void] = [
        { database in
            try database.execute(sql: """
                CREATE TABLE entries (
                    namespace TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (namespace, key)
                ) WITHOUT ROWID;
                PRAGMA application_id = \(SQLiteStateStore.applicationID);
                """)
        },
    ]

    private static func closeAfterFailedOpen(_ queue: DatabaseQueue) {
        do {
            try queue.close()
        } catch {
            // The open already failed and that error is the one to report; SQLite closes
            // the connection anyway when the queue is freed.
        }
    }
}

extension SQLiteStateStore {
    /// The value of `PRAGMA <name>` on the store's connection, for tests of its settings.
    func pragma(_ name: String) async throws -> DatabaseValue {
        try await self.database.read { database in
            try DatabaseValue.fetchOne(database, sql: "PRAGMA \(name)") ?? .null
        }
    }
}
