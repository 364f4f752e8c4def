import AgoraModel
import Allocator
import MasterCore
import Testing

/// Operator calls (v1 operator API) as pure inputs: stored before they are answered, with
/// Mesos's checks and outcomes.
@Suite struct OperatorCallTests {
    @Test func weightsAreStoredAndReachTheAllocator() {
        var master = MasterHarness()
        let (result, directives) = master.core.handle(
            operator: .updateWeights([RoleWeight(role: "a", weight: 2), RoleWeight(role: "b", weight: 1)]), now: master.now)
        #expect(result == .ok)
        #expect(directives.first == .persist([.setWeight(role: "a", weight: 2), .setWeight(role: "b", weight: nil)]))
        #expect(master.core.registry.weights == ["a": 2])
        #expect(master.core.allocator.weights == ["a": 2])
    }

    @Test func badWeightsChangeNothing() {
        var master = MasterHarness()
        for weights in [[RoleWeight(role: "a", weight: 0)], [RoleWeight(role: "a/", weight: 1)], [RoleWeight(role: "a", weight: 2), RoleWeight(role: "a", weight: 3)]] {
            let (result, directives) = master.core.handle(operator: .updateWeights(weights), now: master.now)
            guard case .badRequest = result else {
                Issue.record("\(weights) accepted: \(result)")
                continue
            }
            #expect(directives.isEmpty)
        }
        #expect(master.core.registry.weights.isEmpty)
    }

    @Test func quotaIsCheckedAgainstTheClusterUnlessForced() {
        var master = MasterHarness()
        _ = master.registerAgent("cpus:4;mem:1024")
        let big = RoleQuota(role: "a", quota: Quota(guarantees: ResourceQuantities(["cpus": 8])))
        let (refused, nothing) = master.core.handle(operator: .updateQuota([big], force: false), now: master.now)
        guard case .badRequest(let message) = refused else { Issue.record("accepted: \(refused)"); return }
        #expect(message.contains("exceed cluster capacity") && nothing.isEmpty)
        let (forced, stored) = master.core.handle(operator: .updateQuota([big], force: true), now: master.now)
        #expect(forced == .ok && stored.first == .persist([.setQuota(role: "a", quota: big.quota)]))
        #expect(master.core.allocator.quotaByRole["a"] == big.quota)
        let (removed, _) = master.core.handle(operator: .updateQuota([RoleQuota(role: "a", quota: Quota())], force: false), now: master.now)
        #expect(removed == .ok && master.core.registry.quotas["a"] == nil)
    }

    @Test func quotaRulesFollowMesos() {
        var master = MasterHarness()
        _ = master.registerAgent("cpus:4;mem:1024")
        let cases: [(RoleQuota, String)] = [
            (RoleQuota(role: "*", quota: Quota(limits: ResourceQuantities(["cpus": 1]))), "default '*' role"),
            (RoleQuota(role: "a/b", quota: Quota(limits: ResourceQuantities(["cpus": 1]))), "top-level roles only"),
            (RoleQuota(role: "a", quota: Quota(guarantees: ResourceQuantities(["cpus": 2]), limits: ResourceQuantities(["cpus": 1]))), "exceed limits"),
        ]
        for (quota, expected) in cases {
            let (result, _) = master.core.handle(operator: .updateQuota([quota], force: true), now: master.now)
            guard case .badRequest(let message) = result else { Issue.record("\(quota) accepted"); continue }
            #expect(message.contains(expected), "\(message)")
        }
        // A guarantee on a resource without a limit is fine.
        let mixed = RoleQuota(role: "a", quota: Quota(guarantees: ResourceQuantities(["mem": 10]), limits: ResourceQuantities(["cpus": 1])))
        #expect(master.core.handle(operator: .updateQuota([mixed], force: false), now: master.now).0 == .ok)
    }

    @Test func anAgentMarkedGoneIsStoredFirstAndItsTasksAreGoneByOperator() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, connection) = master.subscribe("f", failover: 60, capabilities: [.partitionAware])
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        _ = master.update("t1", .running, framework: id, agent: agent)
        let (result, directives) = master.core.handle(operator: .markAgentGone(agent), now: master.now)
        #expect(result == .ok)
        #expect(directives.first == .persist([.markAgentGone(agent, at: 1_700_000_000)]))
        #expect(directives.states(to: connection) == [.goneByOperator])
        #expect(directives.agentMessages(to: agentConnection).contains(.error("Agent \(agent) has been marked gone")))
        #expect(directives.events(to: connection).contains(.failure(agent, nil, status: nil)))
        #expect(master.core.agents[agent] == nil && master.core.allocator.total(of: agent).isEmpty)
        #expect(master.core.handle(operator: .markAgentGone(agent), now: master.now).0 == .ok, "marking twice is fine")
        #expect(master.core.handle(operator: .markAgentGone("nobody"), now: master.now).0 == .notFound("Agent 'nobody' not found"))
        // It may never come back.
        let back = master.core.agentSubscribe(
            AgentRegistration(agent: AgentDescriptor(id: agent, hostname: "host", resources: r("cpus:1")), connection: ConnectionID(99), streamID: "s"),
            now: master.now)
        #expect(back.contains(.closeAgentStream(ConnectionID(99))))
    }

    @Test func teardownRemovesTheFrameworkDurably() {
        var master = MasterHarness()
        let (id, connection) = master.subscribe("f", failover: 60)
        let (result, directives) = master.core.handle(operator: .teardown(id), now: master.now)
        #expect(result == .ok && directives.first == .persist([.removeFramework(id, at: 1_700_000_000)]))
        #expect(directives.contains(.closeFrameworkStream(connection)))
        #expect(master.core.handle(operator: .teardown(id), now: master.now).0 == .badRequest("No framework found with specified ID"))
    }

    @Test func killTaskGoesToTheTasksAgent() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, _) = master.subscribe("f", failover: 60)
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        let (result, directives) = master.core.handle(operator: .killTask("t1", frameworkID: nil), now: master.now)
        #expect(result == .ok)
        #expect(directives.agentMessages(to: agentConnection) == [.killTask(id, "t1", killGracePeriod: nil)])
        #expect(master.core.handle(operator: .killTask("t2", frameworkID: nil), now: master.now).0 == .notFound("Task 't2' not found"))
    }
}
