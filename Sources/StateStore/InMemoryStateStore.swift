import Synchronization

/// A `StateStore` in memory, for tests: the same validation and semantics as the durable
/// stores, plus hooks to inject failures and to inspect every write.
public final class InMemoryStateStore: StateStore {
    /// One successful `apply`, as it was given.
    public struct Write: Sendable, Hashable {
        public let namespace: String
        public let changes: [StateChange]

        public init(namespace: String, changes: [StateChange]) {
            self.namespace = namespace
            self.changes = changes
        }
    }

    private struct State {
        var namespaces: [String: [String: [UInt8]]] = [:]
        var writes: [Write] = []
        var nextApplyFailure: StateStoreError?
        var nextLoadFailure: StateStoreError?
    }

    private let state = Mutex(State())
    private let maxValueBytes: Int

    /// An empty store; `maxValueBytes` lets tests mimic a backend with a smaller limit.
    public init(maxValueBytes: Int = StateStoreValidation.maxValueBytes) {
        self.maxValueBytes = maxValueBytes
    }

    public func load(namespace: String) async throws -> [String: [UInt8]] {
        try StateStoreValidation.validate(namespace: namespace)
        return try self.state.withLock { state throws(StateStoreError) in
            if let failure = state.nextLoadFailure {
                state.nextLoadFailure = nil
                throw failure
            }
            return state.namespaces[namespace] ?? [:]
        }
    }

    public func apply(_ changes: [StateChange], namespace: String) async throws {
        try StateStoreValidation.validate(changes, namespace: namespace, maxValueBytes: self.maxValueBytes)
        try self.state.withLock { state throws(StateStoreError) in
            if let failure = state.nextApplyFailure {
                state.nextApplyFailure = nil
                throw failure
            }
            var entries = state.namespaces[namespace] ?? [:]
            for change in changes {
                switch change {
                case .put(let key, let value): entries[key] = value
                case .delete(let key): entries[key] = nil
                }
            }
            state.namespaces[namespace] = entries.isEmpty ? nil : entries
            state.writes.append(Write(namespace: namespace, changes: changes))
        }
    }
}

extension InMemoryStateStore {
    /// Makes the next valid `apply` throw `error` and change nothing (invalid batches are
    /// refused by validation first and leave the failure armed).
    public func failNextApply(with error: StateStoreError) {
        self.state.withLock { $0.nextApplyFailure = error }
    }

    /// Makes the next `load` of a valid namespace throw `error`.
    public func failNextLoad(with error: StateStoreError) {
        self.state.withLock { $0.nextLoadFailure = error }
    }

    /// Every successful `apply`, oldest first.
    public var writes: [Write] {
        self.state.withLock { $0.writes }
    }
}
