/// Durable key-value state in namespaces ("registry", "apps", "jobs").
///
/// Implementations: `SQLiteStateStore` (embedded default), `InMemoryStateStore` (tests) and a
/// ZooKeeper store (HA mode). All of them validate input with `StateStoreValidation` before
/// touching storage, so every backend refuses the same keys, namespaces and values.
public protocol StateStore: Sendable {
    /// Every entry of `namespace`, by key.
    func load(namespace: String) async throws -> [String: [UInt8]]
    /// Applies `changes` to `namespace` atomically and durably: after a crash the store holds
    /// all of them or none. Returns once they are on stable storage. Puts overwrite;
    /// deleting a missing key is not an error. Throws `StateStoreError`.
    ///
    /// Changes apply in order, so a later change to the same key wins. When `apply` throws
    /// anything but a validation error (`invalidKey`, `invalidNamespace`, `tooLarge`), the
    /// outcome may be unknown to the caller (a lost connection after the write was sent):
    /// reload before relying on either outcome.
    func apply(_ changes: [StateChange], namespace: String) async throws
}

/// One change in a batch given to `StateStore.apply`.
public enum StateChange: Sendable, Hashable {
    /// Sets `key` to `value`, replacing any previous value.
    case put(key: String, value: [UInt8])
    /// Removes `key`; a no-op when it is absent.
    case delete(key: String)

    /// The key this change touches.
    public var key: String {
        switch self {
        case .put(let key, _), .delete(let key): key
        }
    }
}
