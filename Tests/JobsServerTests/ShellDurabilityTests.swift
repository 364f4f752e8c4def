import AgoraSDK
import AgoraTestKit
import JobsCore
@testable import JobsServer
import StateStore
import Synchronization
import Testing

/// A run's end is never shown or acknowledged before it is stored: killed in between, the
/// framework hears the update again instead of losing it (and running the job a second time).
@Suite struct ShellDurabilityTests {
    /// A job with one run whose task is running, with writes held from then on.
    static func runningJobWithHeldWrites() async throws -> (ShellHarness, GatedStore, taskID: String) {
        let store = GatedStore()
        let h = try await ShellHarness(store: store)
        let taskID = try await h.runningOnceJob()
        store.close()
        await h.status(taskID, .taskFinished)
        try await eventually("the run's end to be held") { store.heldCount > 0 }
        return (h, store, taskID)
    }

    static func acknowledgedStates(_ h: ShellHarness) async -> Int {
        await h.calls.filter { if case .acknowledge = $0 { true } else { false } }.count
    }

    @Test func aRunsEndIsAcknowledgedOnlyOnceStored() async throws {
        let (h, store, _) = try await Self.runningJobWithHeldWrites()
        try await eventually("the RUNNING update's acknowledgement") { await Self.acknowledgedStates(h) == 1 }
        #expect(await h.shell.effects.contains { if case .acknowledge = $0 { true } else { false } },
                "the FINISHED update waits behind its write")
        #expect(await Self.acknowledgedStates(h) == 1, "FINISHED acknowledged before its run's end was stored")
        store.open()
        try await eventually("the FINISHED update's acknowledgement") { await Self.acknowledgedStates(h) == 2 }
        #expect(try await store.inner.load(namespace: JobsStorage.namespace)["history/once"] != nil)
        await h.stop()
    }

    @Test func aReadWaitsUntilWhatItShowsIsStored() async throws {
        let (h, store, _) = try await Self.runningJobWithHeldWrites()
        let answered = Mutex(false)
        let read = Task { () async -> (outcomes: [RunOutcome]?, heldWhenAnswered: Int) in
            let snapshot = await h.shell.snapshot()
            let held = store.heldCount
            answered.withLock { $0 = true }
            return (snapshot?.core.history(of: "once").map(\.outcome), held)
        }
        try await eventually("the read to answer or wait for the write") {
            if answered.withLock({ $0 }) { return true }
            return await h.shell.effects.contains { if case .barrier = $0 { true } else { false } }
        }
        store.open()
        let (outcomes, held) = await read.value
        #expect(held == 0, "the read showed a run's end that was not stored yet")
        #expect(outcomes == [.success])
        await h.stop()
    }
}
