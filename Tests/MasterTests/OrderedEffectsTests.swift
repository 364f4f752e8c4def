import AgoraHTTP
import AgoraModel
import Logging
import MasterCore
import Synchronization
import Testing

@testable import Master

/// The shell's ordered output: nothing after a registry write reaches anyone before the write
/// is durable, and a failed write ends the leadership at once.
@Suite struct OrderedEffectsTests {
    @Test func aSubscriptionIsAnsweredOnlyOnceItsRegistryWriteIsDurable() async throws {
        let storage = GatedStorage()
        let (shell, effects) = try await Self.leadingShell(storage)
        defer { effects.cancel() }
        let opened = await shell.subscribeFramework(FrameworkDescriptor(name: "f", user: "u"), suppressedRoles: [], encoding: .json)
        let stream = try #require(opened).2
        try await waitUntil { await storage.pendingWrites == 1 }
        // SUBSCRIBED and the first HEARTBEAT wait in the queue behind the write.
        #expect(await shell.queuedEvents == 2)
        await storage.release(result: .success(()))
        var iterator = stream.makeAsyncIterator()
        let first = try #require(await iterator.next())
        #expect(String(decoding: first, as: UTF8.self).contains("\"SUBSCRIBED\""))
        #expect(await storage.stored.count == 1)
    }

    @Test func aFailedWriteEndsTheLeadershipAndTheStreams() async throws {
        let storage = GatedStorage()
        let failures = Mutex<[String]>([])
        let (shell, effects) = try await Self.leadingShell(storage) { reason in failures.withLock { $0.append(reason) } }
        defer { effects.cancel() }
        let opened = await shell.subscribeFramework(FrameworkDescriptor(name: "f", user: "u"), suppressedRoles: [], encoding: .json)
        let stream = try #require(opened).2
        try await waitUntil { await storage.pendingWrites == 1 }
        await storage.release(result: .failure(StoredFailure()))
        var received: [[UInt8]] = []
        for await bytes in stream { received.append(bytes) }
        #expect(received.isEmpty, "nothing may be said after a write that failed")
        #expect(await shell.role == .standby(leader: nil))
        #expect(failures.withLock { $0 }.first?.contains("registry write failed") == true)
        #expect(await shell.subscribeFramework(FrameworkDescriptor(name: "g", user: "u"), suppressedRoles: [], encoding: .json) == nil)
    }

    static func leadingShell(
        _ storage: GatedStorage, onFailure: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> (MasterShell, Task<Void, Never>) {
        let shell = MasterShell(settings: MasterSettings(), logger: Logger(label: "test"))
        try await shell.lead(masterID: "M", storage: storage, onFailure: onFailure)
        return (shell, Task { await shell.runEffects() })
    }
}

extension MasterShell {
    /// Events waiting in the effect queue (not yet written to any stream).
    var queuedEvents: Int {
        self.effects.filter { if case .directive(.sendToFramework) = $0 { true } else { false } }.count
    }
}

/// A registry whose writes wait until the test lets them finish (or fail).
actor GatedStorage: RegistryStorage {
    private var gates: [CheckedContinuation<Result<Void, StoredFailure>, Never>] = []
    private(set) var stored: [[RegistryChange]] = []

    var pendingWrites: Int { self.gates.count }

    func load() -> Registry { Registry() }

    func write(_ changes: [RegistryChange]) async throws {
        let result = await withCheckedContinuation { self.gates.append($0) }
        try result.get()
        self.stored.append(changes)
    }

    func release(result: Result<Void, StoredFailure>) {
        for gate in self.gates { gate.resume(returning: result) }
        self.gates = []
    }
}

struct StoredFailure: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

/// Polls `condition` until it holds, for up to ten seconds.
func waitUntil(_ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while await !condition() {
        guard ContinuousClock.now < deadline else { throw StoredFailure() }
        try await Task.sleep(for: .milliseconds(5))
    }
}
