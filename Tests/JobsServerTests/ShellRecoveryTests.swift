import AgoraSDK
import AgoraTestKit
import JobsCore
import JobsServer
import StateStore
import Testing

/// Restarts and leader changes on the fake master: reload, reconcile, never run a due time twice.
@Suite struct ShellRecoveryTests {
    @Test func aRestartAdoptsTheRunningTaskAndLaunchesNothingTwice() async throws {
        let store = InMemoryStateStore()
        let first = try await ShellHarness(store: store)
        let taskID = try await first.runningOnceJob()
        await first.stop()

        let master = FakeMaster(knownID: true)
        let second = try await ShellHarness(store: store, master: master, clock: first.clock, startAt: ShellHarness.start)
        let reconciled = await second.calls.compactMap { call -> [String]? in
            if case .reconcile(let tasks) = call, !tasks.isEmpty { return tasks.map(\.taskID.value) }
            return nil
        }
        #expect(reconciled == [[taskID]], "the launched task is reconciled explicitly")
        await second.status(taskID, .taskRunning)
        await second.offer("o2")
        await second.advance(by: .seconds(5))
        try await eventually("the offer to be declined or held") {
            if await second.calls.contains(where: { if case .decline = $0 { true } else { false } }) { return true }
            return try await second.core().heldOffers.count == 1
        }
        #expect(await second.launchedTaskIDs.isEmpty, "the due time already has its task")
        await second.status(taskID, .taskFinished)
        try await eventually("the run to finish") { try await second.core().history(of: "once").map(\.outcome) == [.success] }
        await second.stop()
    }

    @Test func theFrameworkIDIsStoredAndUsedOnRestart() async throws {
        let store = InMemoryStateStore()
        let first = try await ShellHarness(store: store, master: FakeMaster(frameworkID: "fw-7"))
        try await eventually("the framework ID to be stored") {
            try await store.load(namespace: JobsStorage.namespace)["framework/id"] == Array("fw-7".utf8)
        }
        await first.stop()
        let storage = JobsStorage(store: store)
        #expect(try await storage.load().frameworkID == "fw-7")
    }
}
