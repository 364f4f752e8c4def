import StateStore
import Testing

/// The in-memory store's test hooks.
@Suite struct InMemoryStateStoreTests {
    @Test func anInjectedFailureFailsTheNextValidApplyOnly() async throws {
        let store = InMemoryStateStore()
        try await store.apply([.put(key: "a", value: [1])], namespace: "apps")
        store.failNextApply(with: .fenced("another master leads"))

        await #expect(throws: StateStoreError.self) { try await store.apply([.delete(key: "")], namespace: "apps") }
        let error = await #expect(throws: StateStoreError.self) {
            try await store.apply([.put(key: "a", value: [2])], namespace: "apps")
        }
        #expect(error == .fenced("another master leads"))
        #expect(try await store.load(namespace: "apps") == ["a": [1]])

        try await store.apply([.put(key: "a", value: [3])], namespace: "apps")
        #expect(try await store.load(namespace: "apps") == ["a": [3]])
    }

    @Test func anInjectedLoadFailureFailsOneLoad() async throws {
        let store = InMemoryStateStore()
        store.failNextLoad(with: .unavailable("disk gone"))
        let error = await #expect(throws: StateStoreError.self) { try await store.load(namespace: "jobs") }
        #expect(error == .unavailable("disk gone"))
        #expect(try await store.load(namespace: "jobs").isEmpty)
    }

    @Test func writesRecordsEverySuccessfulApplyInOrder() async throws {
        let store = InMemoryStateStore()
        let first: [StateChange] = [.put(key: "a", value: [1]), .delete(key: "b")]
        let second: [StateChange] = [.delete(key: "a")]
        try await store.apply(first, namespace: "apps")
        store.failNextApply(with: .io("injected"))
        await #expect(throws: StateStoreError.self) { try await store.apply([.put(key: "x", value: [])], namespace: "jobs") }
        try await store.apply(second, namespace: "registry")

        #expect(store.writes == [
            InMemoryStateStore.Write(namespace: "apps", changes: first),
            InMemoryStateStore.Write(namespace: "registry", changes: second),
        ])
    }

    @Test func aSmallerValueLimitMimicsAnotherBackend() async throws {
        let store = InMemoryStateStore(maxValueBytes: 4)
        try await store.apply([.put(key: "k", value: [1, 2, 3, 4])], namespace: "apps")
        let error = await #expect(throws: StateStoreError.self) {
            try await store.apply([.put(key: "k", value: [1, 2, 3, 4, 5])], namespace: "apps")
        }
        #expect(error == .tooLarge(key: "k", bytes: 5, limit: 4))
    }
}
