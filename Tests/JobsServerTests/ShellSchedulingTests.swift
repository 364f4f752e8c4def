import AgoraSDK
import AgoraTestKit
import JobsCore
import JobsServer
import StateStore
import Testing

/// The shell on the SDK's fake master: timer wake-ups, held offers, launches, history.
@Suite struct ShellSchedulingTests {
    static let everyTenSeconds = #"{"name":"tick","command":"true","schedule":"R/2026-03-01T00:00:10Z/PT10S"}"#
    static let firstDue = ShellHarness.start.adding(seconds: 10)

    @Test func aScheduledRunLaunchesAtItsDueInstantFromAHeldOffer() async throws {
        let h = try await ShellHarness()
        try await h.chronos(Self.everyTenSeconds)
        await h.advance(by: .seconds(8))
        try await eventually("a revive as the hold window opens") { await h.calls.contains(.revive(roles: [])) }
        await h.offer("o1")
        await h.advance(by: .milliseconds(1999))
        #expect(await h.launchedTaskIDs.isEmpty, "nothing launches before the due instant")
        await h.advance(by: .milliseconds(1))
        let taskID = "ct:\(Self.firstDue.milliseconds):0:tick:"
        try await eventually("the launch at the due instant") { await h.launchedTaskIDs == [taskID] }
        let task = try #require(await h.master.launchedTasks.first)
        #expect(task.command.value == "true" && task.command.shell)
        #expect(task.command.environment.variables.contains { $0.name == "CHRONOS_JOB_NAME" && $0.value == "tick" })
        await h.status(taskID, .taskRunning)
        await h.status(taskID, .taskFinished)
        try await eventually("the run in the history") { try await h.core().history(of: "tick").map(\.outcome) == [.success] }
        await h.stop()
    }

    @Test func theRunRecordIsDurableBeforeTheLaunchIsSent() async throws {
        let store = GatedStore()
        let h = try await ShellHarness(store: store)
        #expect(try await h.perform(.chronosRun(name: "missing", arguments: nil)).statusCode == 400)
        try await h.chronos(#"{"name":"now","command":"echo hi","schedule":"R1//PT1H"}"#)
        store.close()
        await h.offer("o1")
        try await eventually("the launch's write to be waiting") { store.heldCount > 0 }
        #expect(await h.launchedTaskIDs.isEmpty, "no launch while its run record is not written")
        store.open()
        try await eventually("the launch after the write") { await h.launchedTaskIDs.count == 1 }
        let stored = try await store.load(namespace: JobsStorage.namespace)
        #expect(stored.keys.contains { $0.hasPrefix("runs/now/") })
        await h.stop()
    }

    @Test func aFailedWriteEndsTheTermAndTheRequestGets503() async throws {
        let store = InMemoryStateStore()
        let h = try await ShellHarness(store: store)
        store.failNextApply(with: .io("disk full"))
        await #expect(throws: JobsUnavailable.self) { try await h.chronos(Self.everyTenSeconds) }
        try await eventually("the term to end") { await h.failures.reasons.count == 1 }
        #expect(await h.shell.isLeading == false)
        #expect(try await store.load(namespace: JobsStorage.namespace)["jobs/tick"] == nil, "nothing stored")
        await h.stop()
    }
}
