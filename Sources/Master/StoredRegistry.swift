import MasterCore
import StateStore

/// The registry kept in a `StateStore` (SQLite for a single master, ZooKeeper in HA mode):
/// each change rewrites the entries it touches, all in one atomic batch.
actor StoredRegistry: RegistryStorage {
    private let store: any StateStore
    /// The registry as stored, so each write can re-encode just the entries it changes.
    private var registry = Registry()
    private var hasFormat = false

    init(store: any StateStore) {
        self.store = store
    }

    func load() async throws -> Registry {
        let entries = try await self.store.load(namespace: RegistryCodec.namespace)
        self.registry = try RegistryCodec.registry(from: entries)
        self.hasFormat = entries[RegistryCodec.formatKey] != nil
        return self.registry
    }

    func write(_ changes: [RegistryChange]) async throws {
        let next = self.registry.applying(changes)
        var keys: [String] = []
        for change in changes where !keys.contains(RegistryCodec.key(of: change)) { keys.append(RegistryCodec.key(of: change)) }
        var batch = try keys.map { try RegistryCodec.entry($0, in: next) }
        if !self.hasFormat { batch.insert(RegistryCodec.formatEntry(), at: 0) }
        try await self.store.apply(batch, namespace: RegistryCodec.namespace)
        self.registry = next
        self.hasFormat = true
    }
}
