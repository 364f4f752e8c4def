import Foundation
import GRDB

/// The table's reads and writes. Values travel as `Data`, GRDB's blob type. An empty `Data`
/// binds as NULL (its base address is nil), hence `coalesce(?, X'')` in the insert.
extension SQLiteStateStore {
    static func entries(of namespace: String, in database: Database) throws -> [String: [UInt8]] {
        var entries: [String: [UInt8]] = [:]
        let rows = try Row.fetchCursor(
            database, sql: "SELECT key, value FROM entries WHERE namespace = ?", arguments: [namespace])
        while let row = try rows.next() {
            let key: String = row[0]
            let value: DatabaseValue = row[1]
            entries[key] = try Self.bytes(of: value, key: key)
        }
        return entries
    }

    static func write(_ changes: [StateChange], to namespace: String, in database: Database) throws {
        let put = try database.cachedStatement(sql: """
            INSERT INTO entries (namespace, key, value) VALUES (?, ?, coalesce(?, X''))
            ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value
            """)
        let delete = try database.cachedStatement(sql: "DELETE FROM entries WHERE namespace = ? AND key = ?")
        for change in changes {
            switch change {
            case .put(let key, let value):
                try put.execute(arguments: [namespace, key, Data(value)])
            case .delete(let key):
                try delete.execute(arguments: [namespace, key])
            }
        }
    }

    private static func bytes(of value: DatabaseValue, key: String) throws(StateStoreError) -> [UInt8] {
        switch value.storage {
        case .blob(let data): return [UInt8](data)
        default: throw .corrupt("the value of key \(StateStoreError.quoted(key)) is not a blob: \(value)")
        }
    }
}
