import StateStore
import Testing

/// What every `StateStore` must do, run against each backend in `StoreBackend.all`.
@Suite struct StateStoreConformanceTests {
    @Test(arguments: StoreBackend.all)
    func putOverwriteAndDelete(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.apply([.put(key: "a", value: [1]), .put(key: "b", value: [2])], namespace: "apps")
            #expect(try await store.load(namespace: "apps") == ["a": [1], "b": [2]])

            try await store.apply([.put(key: "a", value: [3, 3])], namespace: "apps")
            #expect(try await store.load(namespace: "apps") == ["a": [3, 3], "b": [2]])

            try await store.apply([.delete(key: "b")], namespace: "apps")
            #expect(try await store.load(namespace: "apps") == ["a": [3, 3]])
        }
    }

    @Test(arguments: StoreBackend.all)
    func deletingMissingKeysIsNotAnError(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.apply([.put(key: "kept", value: [7])], namespace: "jobs")
            try await store.apply([.delete(key: "never-written"), .delete(key: "kept")], namespace: "jobs")
            try await store.apply([.delete(key: "kept")], namespace: "jobs")
            #expect(try await store.load(namespace: "jobs").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func laterChangesInABatchWin(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.apply(
                [.put(key: "x", value: [1]), .put(key: "x", value: [2]), .put(key: "y", value: [5]), .delete(key: "y"),
                 .delete(key: "z"), .put(key: "z", value: [9])],
                namespace: "registry")
            try await store.apply([], namespace: "registry")
            #expect(try await store.load(namespace: "registry") == ["x": [2], "z": [9]])
        }
    }

    @Test(arguments: StoreBackend.all)
    func namespacesAreIsolated(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.apply([.put(key: "same", value: [1])], namespace: "apps")
            try await store.apply([.put(key: "same", value: [2]), .put(key: "other", value: [3])], namespace: "jobs")
            try await store.apply([.delete(key: "same")], namespace: "apps")

            #expect(try await store.load(namespace: "apps").isEmpty)
            #expect(try await store.load(namespace: "jobs") == ["same": [2], "other": [3]])
            #expect(try await store.load(namespace: "registry").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func dataSurvivesReopening(_ backend: StoreBackend) async throws {
        let apps: [String: [UInt8]] = [
            "/prod/web": Array("{\"instances\":3}".utf8),
            "empty": [],
            "every-byte": (0...255).map { UInt8($0) },
            "ünïcødé/κλειδί/キー": [0, 0, 0],
        ]
        try await backend.withStore { store, fixture in
            try await store.apply(apps.map { .put(key: $0.key, value: $0.value) }, namespace: "apps")
            try await store.apply([.put(key: "master", value: [42])], namespace: "registry")
            try await store.apply([.put(key: "gone", value: [1]), .delete(key: "gone")], namespace: "registry")

            let reopened = try await fixture.reopen()
            #expect(try await reopened.load(namespace: "apps") == apps)
            #expect(try await reopened.load(namespace: "registry") == ["master": [42]])
        }
    }

    @Test(arguments: StoreBackend.all)
    func largeValuesRoundTrip(_ backend: StoreBackend) async throws {
        let limit = StateStoreValidation.maxValueBytes
        let values: [String: [UInt8]] = [
            "largest": pseudoRandomBytes(limit, seed: 1),
            "large": pseudoRandomBytes(limit / 2 + 13, seed: 2),
            "small": pseudoRandomBytes(100, seed: 3),
        ]
        try await backend.withStore { store, fixture in
            try await store.apply(values.map { .put(key: $0.key, value: $0.value) }, namespace: "jobs")
            #expect(try await store.load(namespace: "jobs") == values)
            #expect(try await fixture.reopen().load(namespace: "jobs") == values)
        }
    }

    @Test(arguments: StoreBackend.all)
    func valuesOverTheLimitAreRefused(_ backend: StoreBackend) async throws {
        let limit = StateStoreValidation.maxValueBytes
        let huge = [UInt8](repeating: 1, count: limit + 1)
        let expected = StateStoreError.tooLarge(key: "huge", bytes: limit + 1, limit: limit)
        try await backend.withStore { store, _ in
            let error = await #expect(throws: StateStoreError.self) {
                try await store.apply([.put(key: "huge", value: huge)], namespace: "jobs")
            }
            #expect(error == expected)
            let entries = try await store.load(namespace: "jobs")
            #expect(entries.isEmpty)
        }
    }
}
