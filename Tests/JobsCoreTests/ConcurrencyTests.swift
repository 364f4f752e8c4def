import JobsCore
import Testing

@Suite struct ConcurrencyTests {
    static let everyMinute = #"{"id":"tick","run":{"cmd":"sleep 150","cpus":0.1,"mem":32,"disk":0},"schedules":[{"id":"each-minute","cron":"* * * * *","concurrencyPolicy":"%@"}]}"#

    static func create(_ policy: String) -> JobsHarness {
        var h = JobsHarness(now: "2026-03-01T00:00:30Z")
        h.metronome(Self.everyMinute.replacingOccurrences(of: "%@", with: policy))
        return h
    }

    @Test func forbidSkipsAndRecordsInstantsWhileARunIsActive() {
        var h = Self.create("FORBID")
        h.advance(to: "2026-03-01T00:01:00Z")
        let task = h.offer()[0]
        h.status(task.taskID, .running)
        h.advance(to: "2026-03-01T00:02:00Z")
        h.advance(to: "2026-03-01T00:03:00Z")
        #expect(h.offer().isEmpty)
        #expect(h.skips("tick") == ["2026-03-01T00:02:00.000Z concurrencyForbidden", "2026-03-01T00:03:00.000Z concurrencyForbidden"])
        h.status(task.taskID, .finished)
        h.advance(to: "2026-03-01T00:04:00Z")
        #expect(h.offer().map(\.due) == [at("2026-03-01T00:04:00Z")])
    }

    @Test func allowOverlapsAndLaunchesSeveralRunsOfOneJobInOneOfferRound() {
        var h = Self.create("ALLOW")
        h.advance(to: "2026-03-01T00:01:00Z")
        h.advance(to: "2026-03-01T00:02:00Z")
        let launched = h.offer()
        #expect(launched.map(\.due) == [at("2026-03-01T00:01:00Z"), at("2026-03-01T00:02:00Z")])
        #expect(h.skips("tick").isEmpty)
    }

    @Test func forbidAppliesToManualRunsAndTheRefusalIsVisible() {
        var h = JobsHarness()
        h.chronos(#"{"name":"solo","command":"sleep 100","schedule":"R/2026-03-01T00:00:00Z/PT24H"}"#)
        let task = h.offer()[0]
        h.status(task.taskID, .running)
        #expect(h.perform(.chronosRun(name: "solo", arguments: nil)) == .noContent)
        #expect(h.skips("solo") == ["2026-03-01T00:00:00.000Z concurrencyForbidden"])
        h.metronome(#"{"id":"meta","run":{"cmd":"sleep 100","cpus":0.1,"mem":32,"disk":0}}"#)
        #expect(h.perform(.metronomeStartRun(jobID: "meta")).statusCode == 201)
        let second = h.perform(.metronomeStartRun(jobID: "meta"))
        #expect(second.statusCode == 409)
        #expect(h.core.activeRuns(of: "meta").count == 1)
    }

    @Test func chronosConcurrentFlagMapsToAllow() {
        var h = JobsHarness()
        h.chronos(#"{"name":"many","command":"sleep 100","schedule":"R/2026-03-01T00:00:00Z/PT24H","concurrent":true}"#)
        #expect(h.perform(.chronosRun(name: "many", arguments: "a")) == .noContent)
        #expect(h.perform(.chronosRun(name: "many", arguments: "b")) == .noContent)
        let launched = h.offer()
        #expect(launched.count == 3)
        #expect(Set(launched.map(\.taskID)).count == 3)
        #expect(h.core.jobs["many"]?.definition.policies.concurrency == .allow)
    }

    @Test func disabledJobsNeverLaunchEvenManually() {
        var h = JobsHarness()
        h.chronos(#"{"name":"off","command":"x","schedule":"R/2026-03-01T00:00:00Z/PT1H","disabled":true}"#)
        #expect(h.perform(.chronosRun(name: "off", arguments: nil)) == .noContent)
        h.advance(7200)
        #expect(h.offer().isEmpty)
        #expect(h.skips("off") == ["2026-03-01T00:00:00.000Z jobDisabled"])
    }
}
