import AgoraModel
import Allocator
import MasterCore
import Testing

/// What the master stores, when, and how a new leader recovers from it.
@Suite struct RegistryTests {
    @Test func anAgentIsAdmittedDurablyBeforeItHearsItIsRegistered() {
        var master = MasterHarness()
        let (agent, connection) = master.registerAgent()
        let persisted = master.directives.firstIndex { if case .persist = $0 { true } else { false } }
        let told = master.directives.firstIndex { $0 == .sendToAgent(connection, .subscribed(agent, heartbeatInterval: .seconds(2))) }
        #expect(persisted != nil && told != nil && persisted! < told!, "\(master.directives)")
        #expect(master.core.registry.agents[agent]?.hostname == "host")
    }

    @Test func reRegisteringUnchangedWritesNothing() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        master.directives = []
        _ = master.registerAgent(id: agent)
        #expect(!master.directives.contains { if case .persist = $0 { true } else { false } })
    }

    @Test func aFrameworkIsStoredBeforeItsSubscriptionAndItsRemovalBeforeItsStreamCloses() {
        var master = MasterHarness()
        let (id, connection) = master.subscribe(failover: 30)
        let stored = master.directives.firstIndex { if case .persist(let changes) = $0 { changes.count == 1 } else { false } }
        let subscribed = master.directives.firstIndex { $0 == .sendToFramework(connection, .subscribed(id, heartbeatInterval: .seconds(15))) }
        #expect(stored != nil && subscribed != nil && stored! < subscribed!)
        master.directives = []
        master.call(.teardown, from: id)
        let removal = master.directives.firstIndex { $0 == .persist([.removeFramework(id, at: 1_700_000_000)]) }
        let closed = master.directives.firstIndex { $0 == .closeFrameworkStream(connection) }
        #expect(removal != nil && closed != nil && removal! < closed!, "\(master.directives)")
        #expect(master.core.registry.frameworks[id] == nil && master.core.registry.removedFrameworks[id] != nil)
    }

    @Test func consecutiveChangesTravelAsOneBatch() {
        var directives: [MasterDirective] = []
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        master.agentsAlive = false
        let (id, _) = master.subscribe(failover: 0)
        directives = master.record(master.core.frameworkDisconnected(master.core.frameworks[id]!.connection!, now: master.now))
        // failover_timeout 0: removed at once, one write.
        #expect(directives.filter { if case .persist = $0 { true } else { false } }.count == 1)
        #expect(master.core.registry.agents[agent] != nil)
    }

    @Test func aNewLeaderWaitsForAgentsBeforeAnsweringForTheirTasks() {
        var old = MasterHarness()
        let (agent, _) = old.registerAgent()
        let (id, _) = old.subscribe("f", failover: 3600, capabilities: [.partitionAware])
        let offer = old.allocate()[0]
        old.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        _ = old.update("t1", .running, framework: id, agent: agent)
        let spec = old.core.frameworks[id]!.tasks["t1"]!.spec
        let info = old.core.frameworks[id]!.info

        var new = MasterHarness(recovering: old.core.registry, wallClock: 1_700_000_010)
        #expect(new.core.agents[agent]?.isRecovering == true)
        let (again, connection) = new.subscribe(id: id, failover: 3600, capabilities: [.partitionAware])
        #expect(again == id)
        // Explicit reconciliation of a task on an agent that has not come back: no answer,
        // neither with the agent named nor without.
        #expect(new.call(.reconcile([ReconcileItem(taskID: "t1", agentID: agent)]), from: id).1.updates.isEmpty)
        #expect(new.call(.reconcile([ReconcileItem(taskID: "t1", agentID: nil)]), from: id).1.updates.isEmpty)
        #expect(new.call(.kill("t1", agentID: agent, killGracePeriod: nil), from: id).1.updates.isEmpty)
        // Nothing is offered from an agent that has not re-registered.
        #expect(new.allocate().isEmpty)
        _ = new.registerAgent(id: agent, frameworks: [info], tasks: [ReportedTask(frameworkID: id, spec: spec, state: .running)])
        let answers = new.call(.reconcile([ReconcileItem(taskID: "t1", agentID: agent)]), from: id).1
        #expect(answers.states(to: connection) == [.running])
        // The running task's resources stay in use: cpus:4 less its cpus:1 is offered.
        #expect(new.allocate().first?.resources.scalar("cpus") == Scalar(3))
    }

    @Test func anAgentThatNeverComesBackIsUnreachableAfterTheReregisterTimeout() {
        var old = MasterHarness()
        let (agent, _) = old.registerAgent()
        var new = MasterHarness(recovering: old.core.registry, wallClock: 1_700_000_100) { $0.agentReregisterTimeout = .seconds(600) }
        new.agentsAlive = false
        let (id, connection) = new.subscribe(failover: 3600, capabilities: [.partitionAware])
        #expect(!new.advance(599).contains { if case .persist(let c) = $0 { c.contains(.markAgentUnreachable(agent, at: 1_700_000_699)) } else { false } })
        let output = new.advance(1)
        #expect(output.contains(.persist([.markAgentUnreachable(agent, at: 1_700_000_700)])))
        #expect(output.events(to: connection).contains(.failure(agent, nil, status: nil)))
        // Now the master knows the agent is unreachable, and says so.
        let answers = new.call(.reconcile([ReconcileItem(taskID: "t9", agentID: agent)]), from: id).1
        #expect(answers.states(to: connection) == [.unreachable])
        #expect(new.core.registry.unreachableAgents[agent] != nil && new.core.registry.agents[agent] == nil)
    }

    @Test func aRemovedFrameworkCannotComeBackAfterAFailover() {
        var old = MasterHarness()
        let (id, _) = old.subscribe(failover: 60)
        old.call(.teardown, from: id)
        var new = MasterHarness(recovering: old.core.registry, wallClock: 1_700_000_005)
        let connection = new.connection()
        let output = new.core.subscribe(
            SubscribeRequest(
                framework: FrameworkDescriptor(id: id, name: "f", user: "u", failoverTimeout: .seconds(60)),
                connection: connection, streamID: "s"),
            now: new.now)
        #expect(output == [.sendToFramework(connection, .error("Framework has been removed")), .closeFrameworkStream(connection)])
    }

    @Test func theFailoverTimeoutKeepsCountingAcrossAFailover() {
        var old = MasterHarness()
        let (id, connection) = old.subscribe(failover: 100)
        old.record(old.core.frameworkDisconnected(connection, now: old.now))
        #expect(old.core.registry.frameworks[id]?.disconnectedSince == 1_700_000_000)
        // The new leader takes over 60 s (wall clock) after the disconnection: 40 s remain.
        var new = MasterHarness(recovering: old.core.registry, wallClock: 1_700_000_060)
        _ = new.advance(39)
        #expect(new.core.frameworks[id] != nil)
        let output = new.advance(2)
        #expect(new.core.frameworks[id] == nil)
        #expect(output.contains { if case .persist(let c) = $0 { c.contains { if case .removeFramework(id, _) = $0 { true } else { false } } } else { false } })
    }

    @Test func aFrameworkSubscribedAtTheFailoverGetsItsWholeTimeoutFromTheRecovery() {
        var old = MasterHarness()
        let (id, _) = old.subscribe(failover: 120)
        var new = MasterHarness(recovering: old.core.registry, wallClock: 1_700_000_500)
        _ = new.advance(119)
        #expect(new.core.frameworks[id]?.isRecovered == true)
        _ = new.advance(2)
        #expect(new.core.frameworks[id] == nil)
    }

    @Test func goneAgentsMayNotReturnAndWeightsAndQuotaAreRestored() {
        var registry = Registry()
        registry.goneAgents["OLD-S1"] = 1_700_000_000
        registry.weights["analytics"] = 3
        registry.quotas["analytics"] = Quota(limits: ResourceQuantities(["cpus": 2]))
        var new = MasterHarness(recovering: registry, wallClock: 1_700_000_100)
        let connection = new.connection()
        let output = new.core.agentSubscribe(
            AgentRegistration(agent: AgentDescriptor(id: "OLD-S1", hostname: "h", resources: r("cpus:1")), connection: connection, streamID: "a"),
            now: new.now)
        #expect(output == [.sendToAgent(connection, .error("Agent OLD-S1 has been marked gone")), .closeAgentStream(connection)])
        #expect(new.core.allocator.weights["analytics"] == 3)
        #expect(new.core.allocator.quotaByRole["analytics"]?.limits == ResourceQuantities(["cpus": 2]))
    }

    @Test func registryChangesFoldIntoTheSnapshotTheCoreKeeps() {
        var registry = Registry()
        let agent = AgentDescriptor(id: "A", hostname: "h", resources: r("cpus:1"))
        registry.apply(.admitAgent(agent))
        registry.apply(.markAgentUnreachable("A", at: 5))
        #expect(registry.agents.isEmpty && registry.unreachableAgents["A"] == .init(info: agent, since: 5))
        registry.apply(.admitAgent(agent))
        #expect(registry.agents["A"] == agent && registry.unreachableAgents.isEmpty)
        registry.apply(.markAgentGone("A", at: 9))
        #expect(registry.agents.isEmpty && registry.goneAgents["A"] == 9)
        let framework = FrameworkDescriptor(id: "F", name: "f", user: "u")
        registry.apply(.removeFramework("F", at: 1))
        registry.apply(.recordFramework(framework, disconnectedSince: nil))
        #expect(registry.frameworks.isEmpty, "a removed framework is never recorded again")
    }
}
