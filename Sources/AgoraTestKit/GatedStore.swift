import StateStore
import Synchronization

/// A store in front of another that can hold writes back until released, so a test can
/// see what happens (and what must not) while a write is not yet durable.
public final class GatedStore: StateStore {
    /// The store written through to.
    public let inner: InMemoryStateStore
    private struct State {
        var closed = false
        var held: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// A gate, open, in front of `inner`.
    public init(_ inner: InMemoryStateStore = InMemoryStateStore()) { self.inner = inner }

    /// Writes from now on wait for `open()`.
    public func close() { self.state.withLock { $0.closed = true } }

    /// Lets held and later writes through.
    public func open() {
        let held = self.state.withLock { state in
            state.closed = false
            defer { state.held = [] }
            return state.held
        }
        for waiter in held { waiter.resume() }
    }

    /// Writes waiting for `open()`.
    public var heldCount: Int { self.state.withLock { $0.held.count } }

    public func load(namespace: String) async throws -> [String: [UInt8]] { try await self.inner.load(namespace: namespace) }

    public func apply(_ changes: [StateChange], namespace: String) async throws {
        await withCheckedContinuation { continuation in
            let pass = self.state.withLock { state in
                if !state.closed { return true }
                state.held.append(continuation)
                return false
            }
            if pass { continuation.resume() }
        }
        try await self.inner.apply(changes, namespace: namespace)
    }
}
