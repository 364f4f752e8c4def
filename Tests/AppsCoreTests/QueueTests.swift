import AppsCore
import OfferMatching
import Testing

@Suite struct QueueTests {
    @Test func whyWaitingCountsReasonsOverTheLastOffers() throws {
        var h = AppsHarness { $0.offerStatsWindow = 3 }
        h.create(#"{"id":"big","cmd":"x","cpus":4,"mem":4096,"constraints":[["rack","IS","r1"]]}"#)
        h.offer(agent: "a1", cpus: 8, mem: 8192, attributes: ["rack": .text("r2")])  // UnfulfilledConstraint
        h.offer(agent: "a2", cpus: 2, mem: 8192, attributes: ["rack": .text("r1")])  // InsufficientCpus
        h.offer(agent: "a3", cpus: 2, mem: 1024, attributes: ["rack": .text("r1")])  // InsufficientCpus + InsufficientMemory
        h.offer(agent: "a4", cpus: 8, mem: 1024, attributes: ["rack": .text("r1")])  // InsufficientMemory
        let entry = try #require(h.core.queue(now: h.now).first)
        #expect(entry.count == 1 && entry.overdue)
        #expect(entry.stats.processedOffers == 4 && entry.stats.unusedOffers == 4)
        // window of 3: a2 (cpus), a3 (cpus first in funnel order), a4 (mem)
        #expect(entry.stats.declinedByReason == [.insufficientCpus: 2, .insufficientMemory: 1])
        let funnel = entry.stats.funnel.filter { $0.reason == .insufficientCpus || $0.reason == .insufficientMemory }
        #expect(funnel.map(\.processed) == [3, 1])
        let last = try #require(entry.stats.lastUnused.last)
        #expect(last.reasons == [.insufficientMemory])
        #expect(last.rejections.map(\.description) == ["mem: needed 4096, offered 1024 (short by 3072)"])
        let body = entry.json(embedLastUnusedOffers: true)
        #expect(body["processedOffersSummary"]?["unusedOffersCount"] == 4)
        #expect(body["lastUnusedOffers"].map { if case .array(let items) = $0 { return items.count }; return 0 } == 4)
        #expect(body["role"] == nil)
    }

    @Test func backoffShowsAsDelayAndResetsOnRequest() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","backoffSeconds":30}"#)
        let launch = h.offer()[0]
        h.status(launch.taskID, .failed)
        let entry = try #require(h.core.queue(now: h.now).first)
        #expect(entry.delaySecondsLeft == 30 && !entry.overdue)
        #expect(h.directives.contains(.suppressOffers))
        #expect(h.perform(.resetDelay(appID: "/web")) == .noContent)
        #expect(h.core.queue(now: h.now).first?.overdue == true)
        // revives are at most every 5 s; the last one was at creation
        #expect(h.directives.last == .wakeUp(at: h.now.adding(seconds: 5)))
        #expect(h.advance(5).contains(.reviveOffers))
        #expect(h.offer().count == 1)
        #expect(h.perform(.resetDelay(appID: "/web")) == .failed(.notFound("Application /web not found in tasks queue.")))
    }

    @Test func backoffExpiresAfterTheTaskRanLongEnough() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","backoffSeconds":10,"backoffFactor":2,"maxLaunchDelaySeconds":100}"#)
        var launch = h.offer()[0]
        h.status(launch.taskID, .failed)
        h.advance(10)
        launch = h.offer()[0]
        h.status(launch.taskID, .running)
        // ran 101 s > maxLaunchDelaySeconds after the last running update: the delay is dropped
        h.advance(101)
        h.status(launch.taskID, .failed)
        #expect(h.core.queue(now: h.now).first?.delaySecondsLeft == 10)  // starts over at backoffSeconds, not 20
    }

    @Test func configChangeStartsWithAFreshBackoff() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","backoffSeconds":50}"#)
        h.status(h.offer()[0].taskID, .failed)
        #expect(h.core.queue(now: h.now).first?.overdue == false)
        _ = h.update("/web", #"{"cmd":"y"}"#, force: true)
        #expect(h.core.queue(now: h.now).first?.overdue == true)
    }

    @Test func revivesWhenWorkAppearsAndSuppressesWhenIdle() {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x"}"#)
        #expect(h.directives.contains(.reviveOffers))
        h.runAll(h.offer())
        #expect(h.directives.last(where: { $0 == .reviveOffers || $0 == .suppressOffers }) == .suppressOffers)
        let declined = h.handle(.offers([ResourceOffer(id: "x", agentID: "a9", hostname: "h9", cpus: 1, mem: 1)]))
        #expect(declined.contains(.decline(offerIDs: ["x"], refuseSeconds: 120)))
    }
}
