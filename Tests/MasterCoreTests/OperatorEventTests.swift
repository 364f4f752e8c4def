import AgoraModel
import Allocator
import MasterCore
import Testing

/// Operator events: emitted only while someone listens, for every change Mesos reports.
@Suite struct OperatorEventTests {
    static func published(_ directives: [MasterDirective]) -> [OperatorEvent] {
        directives.compactMap { if case .publish(let event) = $0 { event } else { nil } }
    }

    @Test func nothingIsPublishedWhileNobodyListens() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        let (id, _) = master.subscribe()
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        #expect(Self.published(master.directives).isEmpty)
    }

    @Test func aTaskFromLaunchToFinishAndItsFrameworkAndAgent() {
        var master = MasterHarness()
        master.core.setPublishesOperatorEvents(true)
        let (agent, _) = master.registerAgent()
        let (id, _) = master.subscribe("f", failover: 0)
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        _ = master.update("t1", .running, framework: id, agent: agent)
        _ = master.update("t1", .finished, framework: id, agent: agent, uuid: 2)
        master.record(master.core.frameworkDisconnected(master.core.frameworks[id]!.connection!, now: master.now))
        let kinds = Self.published(master.directives).map { event -> String in
            switch event {
            case .agentAdded(let record): "agent+ \(record.id)"
            case .frameworkAdded(let record): "framework+ \(record.info.name)"
            case .taskAdded(let task): "task+ \(task.spec.taskID) \(task.state.name)"
            case .taskUpdated(_, let status, let state): "task~ \(status.taskID) \(state.name)"
            case .frameworkRemoved(let info): "framework- \(info.name)"
            case .frameworkUpdated(let record): "framework~ \(record.info.name)"
            case .agentRemoved(let agentID): "agent- \(agentID)"
            }
        }
        #expect(kinds == [
            "agent+ \(agent)", "framework+ f", "task+ t1 TASK_STAGING", "task~ t1 TASK_RUNNING", "task~ t1 TASK_FINISHED",
            "framework- f",
        ])
    }

    @Test func anUnreachableAgentIsRemoved() {
        var master = MasterHarness()
        master.core.setPublishesOperatorEvents(true)
        let (agent, _) = master.registerAgent()
        master.agentsAlive = false
        let output = master.advance(11)
        #expect(Self.published(output) == [.agentRemoved(agent)])
    }
}

/// EXPLAIN_ALLOCATION's reasons, from the allocator's own state.
@Suite struct AllocationExplanationTests {
    @Test func aDemandNoAgentCanHoldNamesTheResourceAndTheBestAgent() {
        var master = MasterHarness()
        _ = master.registerAgent("cpus:2;mem:1024", hostname: "small")
        let (id, _) = master.subscribe("f")
        _ = master.allocate()
        let explanation = master.core.explainAllocation(role: nil, frameworkID: id, demand: r("cpus:4;mem:128"), now: master.now)
        // The outstanding offer holds the whole agent: both resources are short, and who holds them is named.
        #expect(explanation.reasons == [
            "no agent has cpus:4 free for role *: the most is 0 on small (2 held by framework f)",
            "no agent has mem:128 free for role *: the most is 0 on small (1024 held by framework f)",
        ])
        #expect(explanation.agents.first?.shortfall == ResourceQuantities(["cpus": 4, "mem": 128]))
    }

    @Test func aLaunchedTasksOwnSizeFitsWhenItsResourcesAreFree() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent("cpus:2;mem:1024")
        let (id, _) = master.subscribe("f")
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer, refuse: 0)
        let spec = master.core.frameworks[id]!.tasks["t1"]!.spec
        let explanation = master.core.explainAllocation(role: nil, frameworkID: id, demand: spec.resources, now: master.now)
        #expect(explanation.reasons.isEmpty, "\(explanation.reasons)")
        #expect(explanation.agents.first?.shortfall?.isEmpty == true)
    }

    @Test func declinedOffersAndSuppressionAreNamed() {
        var master = MasterHarness()
        _ = master.registerAgent("cpus:2;mem:1024", hostname: "h1")
        let (id, _) = master.subscribe("f")
        let offer = master.allocate()[0]
        master.call(.decline(offerIDs: [offer.id], refuseSeconds: 30), from: id)
        let declined = master.core.explainAllocation(role: nil, frameworkID: id, demand: r("cpus:1"), now: master.now)
        #expect(declined.reasons.count == 1 && declined.reasons[0].contains("declined the agents that fit (h1)"), "\(declined.reasons)")
        #expect(declined.reasons.first?.contains("for another 30.0 s") == true)
        master.call(.suppress(roles: []), from: id)
        let suppressed = master.core.explainAllocation(role: nil, frameworkID: id, demand: nil, now: master.now)
        #expect(suppressed.reasons == ["framework f (\(id)) suppressed offers in role *: it gets none until it revives"])
    }

    @Test func aQuotaLimitIsNamed() {
        var master = MasterHarness()
        _ = master.registerAgent("cpus:4;mem:1024")
        let limit = RoleQuota(role: "a", quota: Quota(limits: ResourceQuantities(["cpus": 1])))
        _ = master.core.handle(operator: .updateQuota([limit], force: false), now: master.now)
        let explanation = master.core.explainAllocation(role: "a", frameworkID: nil, demand: r("cpus:2"), now: master.now)
        #expect(explanation.reasons.contains { $0.hasPrefix("role a has a quota limit of cpus:1") }, "\(explanation.reasons)")
    }
}
