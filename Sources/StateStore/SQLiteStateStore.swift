import Foundation
import GRDB

/// The embedded `StateStore`: one SQLite database file, owned by one process at a time.
///
/// Every `apply` is one transaction in WAL mode with `synchronous=FULL`, so it returns only
/// once the batch is on stable storage, and a crash leaves all of a batch or none of it.
/// `<path>.lock` holds an exclusive `flock` while the store is open: a second opener, in this
/// process or another, gets `unavailable` naming the owner's pid. Being the only writer, this
/// store never throws `fenced` or `conflict`.
public final class SQLiteStateStore: StateStore {
    /// The database file.
    public let path: String
    let database: DatabaseQueue
    private let lock: StoreLock

    /// Opens the store at `path`, creating the file and its parent directories if missing.
    ///
    /// Throws `unavailable` when another process owns the store or the file cannot be
    /// opened, `incompatibleFormat` for a database of a newer schema (left untouched), and
    /// `corrupt` for a file that is not a SQLite database or not a state store.
    public init(path: String) throws {
        guard !path.isEmpty else { throw StateStoreError.unavailable("the state store path is empty") }
        self.path = path
        try FileSystem.createParentDirectory(of: path)
        self.lock = try StoreLock.acquire(path + ".lock", for: path)
        do {
            self.database = try Self.openDatabase(at: path)
        } catch {
            self.lock.release()
            throw error
        }
    }

    deinit {
        guard self.lock.isHeld else { return }
        do {
            try self.database.close()
        } catch {
            // Nothing to report to from deinit; SQLite closes the connection when the queue is freed.
        }
        self.lock.release()
    }

    public func load(namespace: String) async throws -> [String: [UInt8]] {
        try StateStoreValidation.validate(namespace: namespace)
        try self.checkOpen()
        return try await self.translatingErrors {
            try await self.database.read { database in try Self.entries(of: namespace, in: database) }
        }
    }

    public func apply(_ changes: [StateChange], namespace: String) async throws {
        try StateStoreValidation.validate(changes, namespace: namespace)
        try self.checkOpen()
        guard !changes.isEmpty else { return }
        try await self.translatingErrors {
            try await self.database.write { database in try Self.write(changes, to: namespace, in: database) }
        }
    }

    /// Closes the database and releases the lock, so another process may open the store.
    /// Later calls do nothing; operations after it throw `unavailable`.
    public func close() throws {
        guard self.lock.isHeld else { return }
        do {
            try self.database.close()
        } catch {
            throw Self.translate(error, path: self.path)
        }
        self.lock.release()
    }

    private func checkOpen() throws(StateStoreError) {
        guard self.lock.isHeld else { throw .unavailable("state store \(self.path) is closed") }
    }
}
