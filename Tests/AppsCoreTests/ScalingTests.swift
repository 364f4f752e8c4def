import AppsCore
import OfferMatching
import Testing

@Suite struct ScalingTests {
    /// Launches `count` tasks one offer (and one second) apart so start times differ; returns task IDs in start order.
    func staggered(_ h: inout AppsHarness, count: Int) -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let launched = h.offer(agent: "a\(index)", cpus: 1, mem: 128)
            h.runAll(launched)
            ids += launched.map(\.taskID)
            h.now = h.now.adding(seconds: 1)
        }
        return ids
    }

    @Test func scaleDownKillsYoungestFirstByDefault() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":3,"cpus":1,"mem":128}"#)
        let started = self.staggered(&h, count: 3)
        let before = h.directives.count
        _ = h.update("/web", #"{"instances":1}"#)
        // started t0, t1, t2 -> youngest first: t2, t1
        #expect(AppsHarness.kills(Array(h.directives[before...])) == [started[2], started[1]])
    }

    @Test func oldestFirstKillsTheEarliestStarted() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":3,"cpus":1,"mem":128,"killSelection":"OLDEST_FIRST"}"#)
        let started = self.staggered(&h, count: 3)
        let before = h.directives.count
        _ = h.update("/web", #"{"instances":2}"#)
        #expect(AppsHarness.kills(Array(h.directives[before...])) == [started[0]])
    }

    @Test func notYetRunningTasksGoBeforeRunningOnes() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":3,"cpus":1,"mem":128,"unreachableStrategy":"disabled"}"#)
        let launched = h.offer(cpus: 3, mem: 384)
        h.status(launched[0].taskID, .running)
        h.status(launched[1].taskID, .staging)
        h.status(launched[2].taskID, .unreachable)
        h.perform(.deleteDeployment(id: h.core.deploymentList[0].id, force: true))
        let before = h.directives.count
        _ = h.update("/web", #"{"instances":1}"#)
        // weights: unreachable (1) before staging (2) before running (4)
        #expect(AppsHarness.kills(Array(h.directives[before...])) == [launched[2].taskID, launched[1].taskID])
    }

    @Test func groupByScaleDownKeepsRacksEven() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":4,"cpus":1,"mem":128,"constraints":[["rack","GROUP_BY"]]}"#)
        // r1: a1 a2 (t0, t1), r2: a3, a4 (t2, t3) -- placed one by one on separate agents
        var byRack: [String: [String]] = [:]
        for (index, rack) in ["r1", "r1", "r2", "r2"].enumerated() {
            let launched = h.offer(agent: "a\(index)", cpus: 1, mem: 128, attributes: ["rack": .text(rack)])
            h.runAll(launched)
            byRack[rack, default: []] += launched.map(\.taskID)
            h.now = h.now.adding(seconds: 1)
        }
        let before = h.directives.count
        _ = h.update("/web", #"{"instances":2}"#)
        let killed = Set(AppsHarness.kills(Array(h.directives[before...])))
        // one from each rack, never both from one
        #expect(killed.count == 2)
        #expect(killed.intersection(byRack["r1"]!).count == 1 && killed.intersection(byRack["r2"]!).count == 1)
    }

    @Test func killWithScaleReducesInstancesAndKillsThatTask() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":3}"#)
        let launched = h.offer()
        h.runAll(launched)
        guard case .deployment = h.perform(.killTasks(appID: "/web", taskIDs: [launched[0].taskID], host: nil, scale: true, wipe: false, force: false)) else {
            Issue.record("scale kill refused")
            return
        }
        #expect(h.core.apps[PathID("/web")]?.instances == 2)
        #expect(AppsHarness.kills(h.directives) == [launched[0].taskID])
        h.status(launched[0].taskID, .killed)
        #expect(h.core.deployments.isEmpty)
        #expect(h.tasks("/web").count == 2)
    }

    @Test func killWithoutScaleRelaunchesTheInstance() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x"}"#)
        let first = h.offer()
        h.runAll(first)
        guard case .killed(let views) = h.perform(.killTasks(appID: "/web", taskIDs: nil, host: "*", scale: false, wipe: false, force: false)) else {
            Issue.record("kill refused")
            return
        }
        #expect(views.map(\.id) == first.map(\.taskID))
        h.status(first[0].taskID, .killed)
        let second = h.offer()
        // killed is not a failure: no backoff, same instance relaunched
        #expect(second.map(\.instanceID) == first.map(\.instanceID))
        #expect(h.perform(.killTasks(appID: "/web", taskIDs: nil, host: nil, scale: true, wipe: true, force: false)) == .failed(.badRequest("You cannot use scale and wipe at the same time.")))
    }

    @Test func constraintsHoldWithinOneOfferBatch() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":3,"cpus":0.1,"mem":16,"constraints":[["hostname","UNIQUE"]]}"#)
        let offers = (1...2).map { ResourceOffer(id: "o\($0)", agentID: "a\($0)", hostname: "h\($0)", cpus: 8, mem: 8192, ports: [ValueRange(31000, 31010)]) }
        let output = h.handle(.offers(offers))
        let launches = AppsHarness.launches(output)
        // UNIQUE hostname: one per host even though each offer fits all three
        #expect(launches.map(\.hostname).sorted() == ["h1", "h2"])
        #expect(h.queued("/web") == 1)
    }

    @Test func fiveHundredTinyInstancesLaunchInOneOfferRound() throws {
        var h = AppsHarness()
        h.create(#"{"id":"tiny","cmd":"sleep 1000","instances":500,"cpus":0.01,"mem":1,"portDefinitions":[]}"#)
        let offers = (1...5).map { ResourceOffer(id: "o\($0)", agentID: "a\($0)", hostname: "h\($0)", cpus: 1, mem: 100) }
        let launches = AppsHarness.launches(h.handle(.offers(offers)))
        // 5 agents x 100 tasks (1 cpu / 0.01, 100 mem / 1): no launch throttle
        #expect(launches.count == 500)
        #expect(h.queued("/tiny") == 0)
        #expect(h.directives.contains(.suppressOffers))
    }

    @Test func requiredPortsConflictLeavesTheSecondInstanceQueued() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":2,"cpus":0.1,"mem":16,"requirePorts":true,"portDefinitions":[{"port":31005}]}"#)
        let launches = h.offer()
        #expect(launches.map(\.hostPorts) == [[31005]])
        #expect(h.queued("/web") == 1)
        // the agent's next offer lacks 31005
        #expect(h.offer(ports: [ValueRange(31006, 31010)]).isEmpty)
        let reasons = h.core.queue(now: h.now).first?.stats.lastUnused.first?.reasons
        #expect(reasons == [.insufficientPorts])
    }
}
