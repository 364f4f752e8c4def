import JobsCore
import Testing

@Suite struct DependencyTests {
    static func scheduled(_ name: String, extra: String = "") -> String {
        #"{"name":"\#(name)","command":"run \#(name)","schedule":"R/2026-03-02T00:00:00Z/PT24H"\#(extra)}"#
    }

    static func dependent(_ name: String, _ parents: [String], extra: String = "") -> String {
        let list = parents.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"name":"\#(name)","command":"run \#(name)","parents":[\#(list)]\#(extra)}"#
    }

    /// Runs a job (manually unless a run is pending) and ends its task with `state`.
    static func runToEnd(_ h: inout JobsHarness, _ job: String, _ state: TaskState = .finished,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        if h.core.activeRuns(of: job).isEmpty { h.perform(.chronosRun(name: job, arguments: nil)) }
        h.offer()
        guard let task = h.core.activeRuns(of: job).first?.liveAttempt else {
            Issue.record("\(job) did not launch", sourceLocation: sourceLocation)
            return
        }
        h.status(task.taskID, .running)
        h.now = h.now.adding(seconds: 5)
        h.status(task.taskID, state)
    }

    @Test func aSingleParentTriggersItsChildWithItsCompletionTime() {
        var h = JobsHarness()
        h.chronos(Self.scheduled("a"))
        h.chronos(Self.dependent("b", ["a"]), kind: .dependent)
        Self.runToEnd(&h, "a")
        let run = h.core.activeRuns(of: "b").first
        #expect(run?.trigger == .dependency(parent: "a"))
        #expect(run?.due == h.now)
    }

    @Test func aDiamondChildRunsOnceBothParentsSucceededAndCountersSurviveARestart() {
        var h = JobsHarness()
        h.chronos(Self.scheduled("root"))
        h.chronos(Self.dependent("left", ["root"]), kind: .dependent)
        h.chronos(Self.dependent("right", ["root"]), kind: .dependent)
        h.chronos(Self.dependent("leaf", ["left", "right"]), kind: .dependent)
        Self.runToEnd(&h, "root")
        Self.runToEnd(&h, "left")
        Self.runToEnd(&h, "left")  // twice before right: still one leaf run
        #expect(h.core.activeRuns(of: "leaf").isEmpty)
        guard case .job(let stored)? = h.store["jobs/leaf"] else {
            Issue.record("leaf not stored")
            return
        }
        #expect(stored.parentEdgeCounts == ["left": 2])
        h.restart()
        Self.runToEnd(&h, "right")
        #expect(h.core.activeRuns(of: "leaf").count == 1)
        #expect(h.core.jobs["leaf"]?.parentEdgeCounts == [:])
        Self.runToEnd(&h, "leaf")
        Self.runToEnd(&h, "left")
        #expect(h.core.activeRuns(of: "leaf").isEmpty)
    }

    @Test(arguments: [false, true])
    func softErrorDecidesWhetherAFailureTriggersDependents(softError: Bool) {
        var h = JobsHarness()
        h.chronos(Self.scheduled("parent", extra: #","retries":0,"softError":\#(softError)"#))
        h.chronos(Self.dependent("child", ["parent"]), kind: .dependent)
        Self.runToEnd(&h, "parent", .failed)
        #expect(h.core.activeRuns(of: "child").count == (softError ? 1 : 0))
    }

    @Test func markSuccessTriggersDependents() {
        var h = JobsHarness()
        h.chronos(Self.scheduled("a"))
        h.chronos(Self.dependent("b", ["a"]), kind: .dependent)
        #expect(h.perform(.chronosMarkSuccess(name: "a")) == .text("marked job a as successful: true"))
        #expect(h.core.activeRuns(of: "b").count == 1)
        #expect(h.core.jobs["a"]?.counters.successCount == 1)
    }

    @Test func deletingADependentJobMovesItsChildrenToItsParents() {
        var h = JobsHarness()
        h.chronos(Self.scheduled("a"))
        h.chronos(Self.dependent("b", ["a"]), kind: .dependent)
        h.chronos(Self.dependent("c", ["b"]), kind: .dependent)
        #expect(h.perform(.chronosDelete(name: "b")) == .noContent)
        #expect(h.core.jobs["c"]?.definition.parents == ["a"])
        #expect(h.store["jobs/b"] == nil)
        Self.runToEnd(&h, "a")
        #expect(h.core.activeRuns(of: "c").count == 1)
    }

    @Test func deletingAScheduledParentSchedulesItsOnlyChildAndUnlinksOthers() {
        var h = JobsHarness()
        h.chronos(Self.scheduled("a"))
        h.chronos(Self.scheduled("x"))
        h.chronos(Self.dependent("only", ["a"]), kind: .dependent)
        h.chronos(Self.dependent("both", ["a", "x"]), kind: .dependent)
        h.perform(.chronosDelete(name: "a"))
        #expect(h.core.jobs["only"]?.definition.schedule?.expression == .iso8601("R/2026-03-02T00:00:00Z/PT24H"))
        #expect(h.core.jobs["both"]?.definition.parents == ["x"])
    }

    @Test func cyclesUnknownAndMissingParentsAreRejectedAndNothingIsStored() {
        var h = JobsHarness()
        h.chronos(Self.scheduled("a"))
        h.chronos(Self.dependent("b", ["a"]), kind: .dependent)
        h.chronos(Self.dependent("c", ["b"]), kind: .dependent)
        let stored = h.store
        let cases: [(String, String)] = [
            (Self.dependent("a", ["c"]), "Field 'parents': dependency cycle a -> c -> b -> a"),
            (Self.dependent("d", ["ghost"]), "Field 'parents': parent job 'ghost' of job 'd' does not exist"),
            (Self.dependent("e", []), "Field 'parents' must name at least one parent job"),
            (Self.dependent("f", ["f"]), "Field 'parents': dependency cycle f -> f"),
        ]
        for (body, message) in cases {
            #expect(h.perform(.chronosUpsert(json(body), kind: .dependent)) == .failed(.chronos(message)))
        }
        #expect(h.store == stored)
        #expect(h.core.jobs["a"]?.definition.schedule != nil)
        let meta = h.perform(.metronomeCreateJob(json(#"{"id":"m","dependencies":["ghost"],"run":{"cmd":"x"}}"#)))
        #expect(meta.statusCode == 422)
        if case .failed(let error) = meta { #expect(error.message.contains("Dependencies contain unknown jobs. unknown=[ghost]")) }
    }

    @Test func metronomeRefusesToDeleteAJobOthersDependOn() {
        var h = JobsHarness()
        h.metronome(#"{"id":"base","run":{"cmd":"x"}}"#)
        h.metronome(#"{"id":"top","dependencies":["base"],"run":{"cmd":"y"}}"#)
        let result = h.perform(.metronomeDeleteJob(id: "base", stopCurrentJobRuns: false))
        #expect(result == .failed(.conflict("There are jobs with a dependency on base. children=[top]")))
    }
}
