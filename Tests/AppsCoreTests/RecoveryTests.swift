import AppsCore
import OfferMatching
import Testing

@Suite struct RecoveryTests {
    /// A new harness whose core is rebuilt from `h`'s store, as after a failover.
    func failover(_ h: AppsHarness) -> AppsHarness {
        var next = AppsHarness(seed: 99)
        next.now = h.now.adding(seconds: 30)
        next.store = h.store
        let (core, output) = AppsCore.recover(from: PersistedState(records: Array(h.store.values)), seed: 99, now: next.now)
        next.core = core
        next.record(output)
        return next
    }

    @Test func reconciliationKeepsRunningTasksReplacesGoneOnesAndKillsStrangers() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":3}"#)
        let launched = h.offer()
        h.runAll(launched)
        var r = self.failover(h)
        #expect(r.core.apps[PathID("/web")]?.instances == 3)
        let subscribed = r.handle(.subscribed)
        let reconcile = subscribed.compactMap { directive -> [String]? in
            if case .reconcile(let tasks) = directive { return tasks.map(\.taskID) }
            return nil
        }
        // explicit for every known task, then implicit (empty)
        #expect(reconcile == [launched.map(\.taskID).sorted(), []])
        let kept = r.status(launched[0].taskID, .running) + r.status(launched[2].taskID, .running)
        let gone = r.status(launched[1].taskID, .unknown)
        let stranger = r.status("web.instance-00000000-0000-4000-a000-000000000000._app.1", .running, agent: "a1")
        #expect(AppsHarness.kills(kept + gone).isEmpty)
        #expect(AppsHarness.kills(stranger) == ["web.instance-00000000-0000-4000-a000-000000000000._app.1"])
        // exactly one replacement, for the gone task's instance, after the 1 s backoff
        #expect(r.offer().isEmpty)
        r.advance(1)
        let replacement = r.offer()
        #expect(replacement.map(\.instanceID) == [launched[1].instanceID])
        #expect(r.tasks("/web").count == 3)
        #expect(r.offer().isEmpty)
    }

    @Test func aLaunchPersistedButNeverSentIsReplacedNotDuplicated() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x"}"#)
        let launched = h.offer()  // the store holds the launched instance; pretend the accept was lost
        var r = self.failover(h)
        r.handle(.subscribed)
        #expect(r.offer().isEmpty)  // still believed launched: no second copy before the master answers
        r.status(launched[0].taskID, .lost)
        r.advance(1)
        let again = r.offer()
        #expect(again.count == 1 && again[0].instanceID == launched[0].instanceID && again[0].taskID.hasSuffix("._app.2"))
    }

    @Test func aRestartInProgressResumesWithoutExtraKills() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"v1","instances":2,"upgradeStrategy":{"minimumHealthCapacity":0.5,"maximumOverCapacity":0}}"#)
        let old = h.offer()
        h.runAll(old)
        // minHealthy 1, maxCapacity 2, killNow 1
        let before = h.directives.count
        _ = h.update("/web", #"{"cmd":"v2"}"#)
        let firstKill = AppsHarness.kills(Array(h.directives[before...]))
        #expect(firstKill.count == 1)
        var r = self.failover(h)
        #expect(r.core.deploymentList.count == 1)
        r.handle(.subscribed)
        for task in old { r.status(task.taskID, .running) }
        #expect(AppsHarness.kills(r.directives).isEmpty)  // allowance already used before the failover
        r.status(firstKill[0], .killed)
        let fresh = r.offer()
        #expect(fresh.count == 1)
        let output = r.status(fresh[0].taskID, .running)
        let secondKill = AppsHarness.kills(output)
        #expect(secondKill.count == 1 && secondKill != firstKill)
        r.status(secondKill[0], .killed)
        r.runAll(r.offer())
        #expect(r.core.deployments.isEmpty)
        #expect(r.tasks("/web").allSatisfy { $0.version == r.core.apps[PathID("/web")]!.version })
    }

    @Test func everyRecordKindRoundTripsThroughTheStore() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":2}"#)
        h.offer()
        let r = self.failover(h)
        #expect(r.core.apps == h.core.apps)
        #expect(r.core.instances == h.core.instances)
        #expect(r.core.deployments == h.core.deployments)
        #expect(r.core.versions == h.core.versions)
        #expect(h.store.keys.sorted().first == "app-versions/web/\(h.core.apps[PathID("/web")]!.version.milliseconds)")
    }
}

@Suite struct UnreachableTests {
    @Test func defaultStrategyReplacesAtOnceAndKillsTheReturningTask() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x"}"#)
        let first = h.offer()
        h.runAll(first)
        h.status(first[0].taskID, .unreachable)
        let replacement = h.offer(agent: "a2")
        #expect(replacement.count == 1 && replacement[0].instanceID != first[0].instanceID)
        // the expunged task comes back: unknown -> killed
        #expect(AppsHarness.kills(h.status(first[0].taskID, .running, agent: "a1")) == [first[0].taskID])
    }

    @Test func inactiveAfterDelaysTheReplacement() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","unreachableStrategy":{"inactiveAfterSeconds":60,"expungeAfterSeconds":120}}"#)
        let first = h.offer()
        h.runAll(first)
        h.status(first[0].taskID, .unreachable)
        #expect(h.offer(agent: "a2").isEmpty)
        h.advance(60)
        let replacement = h.offer(agent: "a2")
        #expect(replacement.count == 1)
        h.runAll(replacement)
        // the old one returns before expunge: two running for one wanted -> the extra is killed
        let output = h.status(first[0].taskID, .running)
        #expect(AppsHarness.kills(output).count == 1)
    }

    @Test func disabledStrategyWaitsForever() {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","unreachableStrategy":"disabled"}"#)
        let first = h.offer()
        h.runAll(first)
        h.status(first[0].taskID, .unreachable)
        h.advance(100_000)
        #expect(h.offer(agent: "a2").isEmpty)
        #expect(h.tasks("/web").map(\.state) == [.unreachable])
    }
}
