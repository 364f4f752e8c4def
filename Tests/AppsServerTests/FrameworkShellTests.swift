import AgoraSDK
import AgoraTestKit
import AppsCore
@testable import AppsServer
import Foundation
import StateStore
import Synchronization
import Testing

/// The framework shell on the SDK's fake master: store before launch, store failures,
/// restarts that reconcile instead of killing or duplicating.
@Suite struct FrameworkShellTests {
    @Test func nothingIsLaunchedBeforeItsInstanceIsStored() async throws {
        let store = GatedStore()
        try await AppsFixture.run(store: store) { f in
            #expect(try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","cpus":0.1,"mem":16}"#).status == 201)
            store.close()
            await f.master.send(.offers([FakeMaster.offer(id: "o1", agent: "agent-1", cpus: 1, mem: 128, ports: 31000...31010)]))
            try await eventually("the launch's write to be held", within: AppsFixture.patience) { store.heldCount == 1 }
            try await Task.sleep(for: .milliseconds(50))  // room for a wrong early accept to show up
            #expect(await f.launched.isEmpty, "the accept went out before its write was durable")
            store.open()
            try await eventually("the launch after the write", within: AppsFixture.patience) { await f.launched.count == 1 }
            let stored = try await store.inner.load(namespace: "apps")
            let launched = try #require(await f.launched.first)
            let instance = stored.first { $0.key.hasPrefix("instances/") }.map { String(decoding: $0.value, as: UTF8.self) }
            #expect(instance?.contains(launched) == true, "the stored instance names its task")
        }
    }

    @Test func statusUpdatesAreAcknowledgedOnlyOnceStored() async throws {
        let store = GatedStore()
        try await AppsFixture.run(store: store) { f in
            let task = try await Self.runningUpdateHeld(f, store)
            try await Task.sleep(for: .milliseconds(50))  // room for a wrong early acknowledgement to show up
            #expect(await Self.acknowledged(f).isEmpty, "acknowledged before its change was durable")
            store.open()
            try await eventually("the acknowledgement", within: AppsFixture.patience) { await Self.acknowledged(f) == [task] }
        }
    }

    @Test func aReadWaitsUntilWhatItShowsIsStored() async throws {
        let store = GatedStore()
        try await AppsFixture.run(store: store) { f in
            _ = try await Self.runningUpdateHeld(f, store)
            let answered = Mutex(false)
            let read = Task { () async -> (leading: Bool, heldWhenAnswered: Int) in
                let view = await f.shell.view()
                let held = store.heldCount
                answered.withLock { $0 = true }
                return (view != nil, held)
            }
            try await eventually("the read to answer or wait for the write", within: AppsFixture.patience) {
                if answered.withLock({ $0 }) { return true }
                return await f.shell.pendingEffects.contains { if case .barrier = $0 { true } else { false } }
            }
            store.open()
            let (leading, held) = await read.value
            #expect(held == 0, "the read showed a task state that was not stored yet")
            #expect(leading)
        }
    }

    /// An app's task launched, then its TASK_RUNNING update with the write it causes held;
    /// returns the task ID.
    static func runningUpdateHeld(_ f: AppsFixture, _ store: GatedStore) async throws -> String {
        try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","cpus":0.1,"mem":16}"#)
        try await f.offer()
        let task = try #require(await f.launched.first)
        store.close()
        await f.status(task, .taskRunning)
        try await eventually("the update's write to be held", within: AppsFixture.patience) { store.heldCount == 1 }
        return task
    }

    static func acknowledged(_ f: AppsFixture) async -> [String] {
        await f.master.calls.compactMap { call in
            if case .acknowledge(let id, _) = call { return id.value }
            return nil
        }
    }

    @Test func anAPIChangeAnswersOnlyOnceStored() async throws {
        let store = GatedStore()
        try await AppsFixture.run(store: store) { f in
            store.close()
            let answered = Mutex(false)
            async let reply = { () async throws -> Reply in
                let reply = try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x"}"#)
                answered.withLock { $0 = true }
                return reply
            }()
            try await eventually("the write to be held", within: AppsFixture.patience) { store.heldCount == 1 }
            #expect(!answered.withLock { $0 })
            store.open()
            #expect(try await reply.status == 201)
        }
    }

    @Test func aFailedWriteIs503AndTheChangeIsNotKept() async throws {
        try await AppsFixture.run { f in
            f.memory.failNextApply(with: .io("disk full"))
            let reply = try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x"}"#)
            #expect(reply.status == 503 && reply.message?.contains("could not be stored") == true)
            try await eventually("the server to lead again from the store", within: AppsFixture.patience) { await f.shell.view() != nil }
            #expect(try await f.request(.get, "/v2/apps/web").status == 404)
            #expect(try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x"}"#).status == 201)
        }
    }

    @Test func aRestartReconcilesAndKeepsRunningTasks() async throws {
        let store = InMemoryStateStore()
        let launched = Mutex<[String]>([])
        try await AppsFixture.run(store: store) { f in
            try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","instances":2,"cpus":0.1,"mem":16}"#)
            try await f.offer()
            let tasks = await f.launched
            for task in tasks { await f.status(task, .taskRunning) }
            try await f.deploymentsFinish()
            launched.withLock { $0 = tasks }
        }
        let ids = FrameworkIDLog()
        let master = FakeMaster(knownID: true)
        try await AppsFixture.run(store: store, master: master, frameworkIDs: ids) { f in
            let tasks = launched.withLock { $0 }
            #expect(ids.all == ["fake-0000"], "re-subscribed with the stored framework ID")
            try await eventually("explicit, then implicit reconciliation", within: AppsFixture.patience) {
                let reconciles = await master.calls.compactMap { call -> [String]? in
                    if case .reconcile(let tasks) = call { return tasks.map(\.taskID.value) }
                    return nil
                }
                return reconciles == [tasks.sorted(), []]
            }
            for task in tasks { await f.status(task, .taskRunning) }
            try await f.offer()
            let (launched, killed) = (await f.launched, await f.killed)
            #expect(launched.isEmpty && killed.isEmpty, "no duplicates, no kills")
            #expect(try await f.app("/web")["tasksRunning"] == 2)
        }
    }

    @Test func aNewSubscriptionReconcilesAgain() async throws {
        try await AppsFixture.run { f in
            await f.master.clearCalls()
            await f.master.failOver()
            try await eventually("reconciliation after the failover", within: AppsFixture.patience) {
                await f.master.calls.contains { if case .reconcile([]) = $0 { true } else { false } }
            }
        }
    }

    @Test func aFailedLaunchIsReconciled() async throws {
        try await AppsFixture.run { f in
            try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","cpus":0.1,"mem":16}"#)
            await f.master.failNextCall(with: SchedulerError.notSubscribed)
            await f.master.clearCalls()
            await f.master.send(.offers([FakeMaster.offer(id: "o1", agent: "agent-1", cpus: 1, mem: 128, ports: 31000...31010)]))
            try await eventually("the unconfirmed launch to be reconciled", within: AppsFixture.patience) {
                let tasks = await f.launched
                return await f.master.calls.contains { call in
                    if case .reconcile(let list) = call { return !list.isEmpty && list.map(\.taskID.value) == tasks }
                    return false
                }
            }
        }
    }
}
