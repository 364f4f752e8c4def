import StateStore
import Testing

/// Bad input is refused before anything is written: a batch with one bad change applies
/// nothing, and loads of bad namespaces fail the same way on every backend.
extension StateStoreConformanceTests {
    static let invalidKeys = ["", String(repeating: "k", count: StateStoreValidation.maxKeyBytes + 1),
                              String(repeating: "é", count: StateStoreValidation.maxKeyBytes / 2 + 1), "nul\u{0}inside"]
    static let invalidNamespaces = ["", "Apps", "1jobs", "apps/web", "jobs ", "ünï", String(repeating: "n", count: 65)]

    @Test(arguments: StoreBackend.all)
    func aBatchWithAnInvalidKeyAppliesNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.apply([.put(key: "a", value: [1])], namespace: "apps")
            for key in Self.invalidKeys {
                let batch: [StateChange] = [.put(key: "a", value: [2]), .delete(key: "a"), .put(key: "b", value: [1]), .delete(key: key)]
                let error = await #expect(throws: StateStoreError.self) { try await store.apply(batch, namespace: "apps") }
                #expect(error?.invalidKey == key)
            }
            #expect(try await store.load(namespace: "apps") == ["a": [1]])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aBatchWithAnOversizedValueAppliesNothing(_ backend: StoreBackend) async throws {
        let limit = StateStoreValidation.maxValueBytes
        try await backend.withStore { store, _ in
            let batch: [StateChange] = [.put(key: "fine", value: [1]), .put(key: "huge", value: [UInt8](repeating: 0, count: limit + 1))]
            let error = await #expect(throws: StateStoreError.self) { try await store.apply(batch, namespace: "apps") }
            #expect(error == .tooLarge(key: "huge", bytes: limit + 1, limit: limit))
            let entries = try await store.load(namespace: "apps")
            #expect(entries.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func keysAtTheLimitAreAccepted(_ backend: StoreBackend) async throws {
        let ascii = String(repeating: "k", count: StateStoreValidation.maxKeyBytes)
        let twoByte = String(repeating: "é", count: StateStoreValidation.maxKeyBytes / 2)
        try await backend.withStore { store, fixture in
            try await store.apply([.put(key: ascii, value: [1]), .put(key: twoByte, value: [2])], namespace: "apps")
            #expect(try await fixture.reopen().load(namespace: "apps") == [ascii: [1], twoByte: [2]])
        }
    }

    @Test(arguments: StoreBackend.all)
    func invalidNamespacesAreRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            for namespace in Self.invalidNamespaces {
                let loadError = await #expect(throws: StateStoreError.self) { try await store.load(namespace: namespace) }
                #expect(loadError?.invalidNamespace == namespace)
                let applyError = await #expect(throws: StateStoreError.self) {
                    try await store.apply([.put(key: "k", value: [1])], namespace: namespace)
                }
                #expect(applyError?.invalidNamespace == namespace)
            }
            try await store.apply([.put(key: "k", value: [1])], namespace: "a-b_9")
            #expect(try await store.load(namespace: "a-b_9") == ["k": [1]])
        }
    }
}
