import MasterCore

/// Where a master keeps its registry: SQLite in its work directory, ZooKeeper in HA mode,
/// or memory (`--registry in_memory`, nothing survives a restart).
protocol RegistryStorage: Sendable {
    /// The registry as the last leader left it (empty when none was written yet).
    func load() async throws -> Registry
    /// Stores `changes` atomically and durably; throws if this master may no longer write.
    func write(_ changes: [RegistryChange]) async throws
}

/// A registry that lives as long as the process.
actor InMemoryRegistryStorage: RegistryStorage {
    private var registry = Registry()

    func load() -> Registry { self.registry }

    func write(_ changes: [RegistryChange]) {
        self.registry = self.registry.applying(changes)
    }
}
