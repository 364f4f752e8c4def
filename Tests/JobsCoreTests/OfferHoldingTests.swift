import JobsCore
import OfferMatching
import Testing

/// With `offerHoldSeconds`, offers nothing can use are kept while a run comes due soon, and
/// the due run launches on them at its instant, without a round trip to the master.
@Suite struct OfferHoldingTests {
    static let everyTenSeconds = #"{"name":"tick","command":"true","schedule":"R/2026-03-01T00:00:10Z/PT10S"}"#

    static func harness() -> JobsHarness {
        JobsHarness(now: "2026-03-01T00:00:00Z") { $0.offerHoldSeconds = 2 }
    }

    static func declines(_ directives: [JobsDirective]) -> [(ids: [String], seconds: Double)] {
        directives.compactMap { directive in
            if case .decline(let ids, let seconds) = directive { return (ids, seconds) }
            return nil
        }
    }

    @Test func farFromTheDueTimeOffersAreDeclinedOnlyUntilTheHoldWindowOpens() {
        var h = Self.harness()
        h.chronos(Self.everyTenSeconds)
        h.now = at("2026-03-01T00:00:06Z")
        let output = h.handle(.offers([ResourceOffer(id: "o1", agentID: "a1", hostname: "h", cpus: 4, mem: 4096, disk: 100)]))
        let declined = Self.declines(output)
        #expect(declined.count == 1)
        #expect(declined.first?.seconds == 2, "refused until 00:00:08, when the 2 s window before 00:00:10 opens")
        #expect(h.core.heldOffers.isEmpty)
        #expect(JobsHarness.wakeUp(output) == at("2026-03-01T00:00:08Z"))
    }

    @Test func withinTheWindowOffersAreHeldAndTheDueRunLaunchesOnThemAtItsInstant() {
        var h = Self.harness()
        h.chronos(Self.everyTenSeconds)
        h.now = at("2026-03-01T00:00:08.500Z")
        let output = h.handle(.offers([ResourceOffer(id: "o1", agentID: "a1", hostname: "h", cpus: 4, mem: 4096, disk: 1000)]))
        #expect(Self.declines(output).isEmpty)
        #expect(h.core.heldOffers.map(\.id) == ["o1"])
        let atDue = h.advance(to: "2026-03-01T00:00:10Z")
        guard case .launch(let offerIDs, _, let tasks)? = atDue.first(where: { if case .launch = $0 { true } else { false } }) else {
            Issue.record("no launch at the due instant: \(atDue)")
            return
        }
        #expect(offerIDs == ["o1"])
        #expect(tasks.map(\.taskID) == ["ct:\(at("2026-03-01T00:00:10Z").milliseconds):0:tick:"])
        #expect(h.core.heldOffers.isEmpty, "the whole offer is accepted; what is left comes back from the master")
    }

    @Test func aRescindedHeldOfferIsNotUsed() {
        var h = Self.harness()
        h.chronos(Self.everyTenSeconds)
        h.now = at("2026-03-01T00:00:09Z")
        h.handle(.offers([ResourceOffer(id: "o1", agentID: "a1", hostname: "h", cpus: 4, mem: 4096, disk: 1000)]))
        let rescinded = h.handle(.offerRescinded(offerID: "o1"))
        #expect(h.core.heldOffers.isEmpty)
        #expect(rescinded.contains(.reviveOffers), "a run comes due and no offer is at hand: ask for one")
        let atDue = h.advance(to: "2026-03-01T00:00:10Z")
        #expect(JobsHarness.launches(atDue).isEmpty)
    }

    @Test func heldOffersAreDeclinedWhenNoRunComesDueAnyMore() {
        var h = Self.harness()
        h.chronos(Self.everyTenSeconds)
        h.now = at("2026-03-01T00:00:09Z")
        h.handle(.offers([ResourceOffer(id: "o1", agentID: "a1", hostname: "h", cpus: 4, mem: 4096, disk: 1000)]))
        let output = h.perform(.chronosDelete(name: "tick"))
        #expect(output == .noContent)
        #expect(Self.declines(h.directives).flatMap(\.ids) == ["o1"])
        #expect(h.core.heldOffers.isEmpty)
    }

    @Test func theHoldWindowRevivesASuppressedFrameworkAheadOfTheDueTime() {
        var h = JobsHarness(now: "2026-03-01T00:00:00Z") { $0.offerHoldSeconds = 2 }
        h.chronos(#"{"name":"hourly","command":"true","schedule":"R/2026-03-01T01:00:00Z/PT1H"}"#)
        h.handle(.subscribed)
        #expect(h.directives.contains(.suppressOffers), "nothing due for an hour")
        #expect(JobsHarness.wakeUp(h.directives) == at("2026-03-01T00:59:58Z"))
        let output = h.advance(to: "2026-03-01T00:59:58Z")
        #expect(output.contains(.reviveOffers))
    }

    @Test func aRunWaitingForAnOfferAsksForNoWakeUpNow() {
        var h = JobsHarness(now: "2026-03-01T00:00:00Z")
        h.chronos(#"{"name":"manual","command":"true","schedule":"R/2030-01-01T00:00:00Z/P1D"}"#)
        let output = h.perform(.chronosRun(name: "manual", arguments: nil))
        #expect(output == .noContent)
        #expect(h.core.queue().count == 1)
        let wake = JobsHarness.wakeUp(h.handle(.tick))
        #expect(wake.map { $0 > h.now } ?? true, "a wake-up at now would make the shell spin: \(String(describing: wake))")
    }

    @Test func withoutHoldingEveryUnusedOfferIsDeclinedAsBefore() {
        var h = JobsHarness(now: "2026-03-01T00:00:09Z")
        h.chronos(Self.everyTenSeconds)
        let output = h.handle(.offers([ResourceOffer(id: "o1", agentID: "a1", hostname: "h", cpus: 4, mem: 4096, disk: 1000)]))
        #expect(Self.declines(output).map(\.seconds) == [h.configuration.declineOfferSeconds])
        #expect(h.core.heldOffers.isEmpty)
    }
}
