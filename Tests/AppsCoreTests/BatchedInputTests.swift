import AppsCore
import OfferMatching
import Testing

/// Inputs handled as one batch end where one-by-one handling ends: a task failing after the
/// rest started must not hold up a deployment that one-by-one handling finished.
@Suite struct BatchedInputTests {
    static let web = #"{"id":"web","cmd":"x","instances":5,"cpus":1,"mem":128}"#

    static func deployed() -> (AppsHarness, [TaskLaunch]) {
        var h = AppsHarness()
        h.create(Self.web)
        let launched = h.offer(cpus: 8, mem: 1024)
        return (h, launched)
    }

    @Test func aBatchOfUpdatesEndsWhereOneByOneHandlingDoes() throws {
        var (single, launched) = Self.deployed()
        var (batched, _) = Self.deployed()
        try #require(launched.count == 5)
        let updates: [AppsInput] =
            launched.flatMap { launch in
                [TaskState.starting, .running].map { .statusUpdate(TaskStatusUpdate(taskID: launch.taskID, state: $0)) }
            } + [.statusUpdate(TaskStatusUpdate(taskID: launched[0].taskID, state: .failed))]
        for update in updates { single.handle(update) }
        batched.handle(batch: updates)

        #expect(batched.store == single.store)
        #expect(batched.tasks("/web") == single.tasks("/web"))
        // Four running and the failed task's instance waiting for its backoff, either way.
        #expect(batched.tasks("/web").count { $0.state == .running } == 4)
        #expect(batched.queued("/web") == 1 && single.queued("/web") == 1)
        #expect(batched.core.deployments.isEmpty && single.core.deployments.isEmpty)
        // The same events; within a run of progress updates their order may differ.
        #expect(AppsHarness.events(batched.directives).sorted() == AppsHarness.events(single.directives).sorted())
        #expect(AppsHarness.events(batched.directives).filter { $0 == "deployment_success" }.count == 1)
    }

    @Test func offersInABatchSeeWhatTheUpdatesBeforeThemStarted() throws {
        var h = AppsHarness()
        let apps = #"[{"id":"/db","cmd":"x","instances":1,"cpus":1,"mem":128},"#
            + #"{"id":"/api","cmd":"x","instances":1,"cpus":1,"mem":128,"dependencies":["/db"]}]"#
        h.perform(.updateApps(json(apps), partial: false, force: false))
        let db = h.offer(cpus: 8, mem: 1024)
        try #require(db.count == 1 && db[0].taskID.hasPrefix("db."))
        // /db running ends the deployment's first step, which queues /api: the offer after
        // it in the same batch launches /api, as it would after the update on its own.
        let offer = ResourceOffer(id: "batched", agentID: "a1", hostname: "host-a1", cpus: 8, mem: 1024, ports: [ValueRange(31000, 31099)])
        let output = h.handle(batch: [.statusUpdate(TaskStatusUpdate(taskID: db[0].taskID, state: .running)), .offers([offer])])
        #expect(AppsHarness.launches(output).map { $0.taskID.hasPrefix("api.") } == [true])
    }
}
