import AppsCore
import Foundation
import StateStore

/// The apps framework's records in a `StateStore` (namespace `apps`): one key per app, app
/// version, instance and deployment (`StoreKeys`), each a small JSON document, plus the
/// framework ID the master gave us.
public struct AppsPersistence: Sendable {
    public static let namespace = "apps"
    static let frameworkIDKey = "framework-id"
    /// A batch larger than this is written in parts (ZooKeeper refuses requests over 1 MB).
    static let maxBatchBytes = 400_000

    let store: any StateStore

    public init(store: any StateStore) { self.store = store }

    /// What a restarted framework starts from.
    public struct Loaded: Sendable {
        public var state: PersistedState
        public var frameworkID: String?
    }

    /// Reads every record back; a record that does not decode is an error naming its key
    /// (starting without it could kill or duplicate its tasks).
    public func load() async throws -> Loaded {
        let entries = try await self.store.load(namespace: Self.namespace)
        let decoder = JSONDecoder()
        var records: [StoredRecord] = []
        var frameworkID: String?
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            if key == Self.frameworkIDKey {
                frameworkID = String(decoding: value, as: UTF8.self)
                continue
            }
            do {
                records.append(try decoder.decode(StoredRecord.self, from: Data(value)))
            } catch {
                throw StateStoreError.corrupt("apps record \(key) does not decode: \(error)")
            }
        }
        return Loaded(state: PersistedState(records: records), frameworkID: frameworkID)
    }

    /// Writes the core's changes durably, in order. Large batches go in parts of at most
    /// `maxBatchBytes`; every part is durable before the next is sent.
    public func apply(_ changes: [StoreChange]) async throws {
        let encoder = JSONEncoder()
        var batch: [StateChange] = []
        var bytes = 0
        for change in Self.lastPerKey(changes) {
            let encoded: StateChange
            switch change {
            case .put(let record): encoded = .put(key: record.key, value: Array(try encoder.encode(record)))
            case .delete(let key): encoded = .delete(key: key)
            }
            let size = encoded.key.utf8.count + (encoded.bytes ?? 0) + 64
            if !batch.isEmpty && bytes + size > Self.maxBatchBytes {
                try await self.store.apply(batch, namespace: Self.namespace)
                batch = []
                bytes = 0
            }
            batch.append(encoded)
            bytes += size
        }
        if !batch.isEmpty { try await self.store.apply(batch, namespace: Self.namespace) }
    }

    /// The last change of each key, in the order of those last changes (a group commit
    /// often holds several versions of one instance).
    static func lastPerKey(_ changes: [StoreChange]) -> [StoreChange] {
        var last: [String: Int] = [:]
        for (index, change) in changes.enumerated() { last[change.key] = index }
        return changes.enumerated().filter { last[$0.element.key] == $0.offset }.map(\.element)
    }

    /// Remembers the framework ID, so a restart re-subscribes as the same framework.
    public func saveFrameworkID(_ id: String?) async throws {
        let change: StateChange = id.map { .put(key: Self.frameworkIDKey, value: Array($0.utf8)) } ?? .delete(key: Self.frameworkIDKey)
        try await self.store.apply([change], namespace: Self.namespace)
    }
}

extension StoreChange {
    /// The key the change writes or deletes.
    var key: String {
        switch self {
        case .put(let record): record.key
        case .delete(let key): key
        }
    }
}

extension StateChange {
    /// The size of a put's value.
    fileprivate var bytes: Int? {
        if case .put(_, let value) = self { value.count } else { nil }
    }
}
