import Foundation
import JobsCore
import StateStore

/// The jobs framework's records in a `StateStore` (namespace `jobs`): the core's records as
/// JSON under their own keys (`jobs/<id>`, `runs/<id>/<dueMillis>`, `history/<id>`), and the
/// framework ID under `framework/id`, so a restarted or newly elected scheduler re-subscribes
/// as the same framework and keeps its tasks.
public struct JobsStorage: Sendable {
    /// The store namespace.
    public static let namespace = "jobs"
    /// Where the framework ID lives.
    static let frameworkIDKey = "framework/id"
    let store: any StateStore

    /// Storage over `store`.
    public init(store: any StateStore) { self.store = store }

    /// Everything stored: the core's records and the framework ID.
    public func load() async throws -> (state: PersistedState, frameworkID: String?) {
        let entries = try await self.store.load(namespace: Self.namespace)
        var records: [StoredRecord] = []
        var frameworkID: String?
        let decoder = JSONDecoder()
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            if key == Self.frameworkIDKey {
                frameworkID = String(decoding: value, as: UTF8.self)
                continue
            }
            do {
                records.append(try decoder.decode(StoredRecord.self, from: Data(value)))
            } catch {
                throw StateStoreError.corrupt("jobs record \(key) cannot be read: \(error)")
            }
        }
        return (PersistedState(records: records), frameworkID)
    }

    /// Writes the core's changes in one durable batch.
    public func write(_ changes: [StoreChange]) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let batch: [StateChange] = try changes.map { change in
            switch change {
            case .put(let record): .put(key: record.key, value: Array(try encoder.encode(record)))
            case .delete(let key): .delete(key: key)
            }
        }
        try await self.store.apply(batch, namespace: Self.namespace)
    }

    /// Remembers the framework ID the master assigned (nil forgets it: the master removed the
    /// framework, so the next subscription must start afresh).
    public func saveFrameworkID(_ id: String?) async throws {
        let change: StateChange = id.map { .put(key: Self.frameworkIDKey, value: Array($0.utf8)) } ?? .delete(key: Self.frameworkIDKey)
        try await self.store.apply([change], namespace: Self.namespace)
    }
}
