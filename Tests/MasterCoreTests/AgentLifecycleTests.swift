import AgoraModel
import MasterCore
import Testing

@Suite struct AgentLifecycleTests {
    @Test func agentsGetSequentialIDs() {
        var master = MasterHarness()
        #expect(master.registerAgent().0 == "M-S0")
        #expect(master.registerAgent().0 == "M-S1")
    }

    @Test func aSilentAgentBecomesUnreachableAndItsTasksAreLost() {
        var master = MasterHarness { $0.agentTimeout = .seconds(10) }
        let (agent, agentConnection) = master.registerAgent()
        let (plain, plainConnection) = master.subscribe("plain")
        let (aware, awareConnection) = master.subscribe("aware", capabilities: [.partitionAware])
        for (id, task) in [(plain, "p1"), (aware, "a1")] {
            master.call(.revive(roles: []), from: id)
            guard let offer = master.allocate().first(where: { $0.frameworkID == id }) else {
                Issue.record("no offer for \(id)")
                return
            }
            master.launch([MasterHarness.task(task, on: agent)], from: id, offer: offer, refuse: 0)
        }
        _ = master.advance(5)
        #expect(master.agentCall(.heartbeat, from: agent).0 == .accepted)
        master.agentsAlive = false
        #expect(master.advance(9.9).updates.isEmpty)
        let output = master.advance(0.1)
        #expect(output.contains(.closeAgentStream(agentConnection)))
        #expect(output.events(to: plainConnection).contains(.failure(agent, nil, status: nil)))
        #expect(output.states(to: plainConnection) == [.lost])
        #expect(output.states(to: awareConnection) == [.unreachable])
        let unreachable = output.updates.first { $0.state == .unreachable }
        #expect(unreachable?.reason == .agentRemoved)
        #expect(unreachable?.unreachableTime == 1_700_000_015)
        #expect(master.core.frameworks[aware]?.unreachableTasks["a1"] != nil)
        #expect(master.core.frameworks[plain]?.completedTasks.map(\.state) == [.lost])
        #expect(master.allocate().isEmpty)
    }

    @Test func aDisconnectedAgentComingBackInTimeKeepsItsTasks() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, connection) = master.subscribe()
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        let spec = master.core.frameworks[id]!.tasks["t1"]!.spec
        master.agentsAlive = false
        let gone = master.record(master.core.agentDisconnected(agentConnection, now: master.now))
        #expect(gone.events(to: connection).isEmpty || gone.events(to: connection).allSatisfy { if case .rescind = $0 { return true }; return false })
        _ = master.advance(5)
        let (again, _) = master.registerAgent(
            id: agent, frameworks: [master.core.frameworks[id]!.info],
            tasks: [ReportedTask(frameworkID: id, spec: spec, state: .running)])
        #expect(again == agent)
        master.agentsAlive = true
        #expect(master.advance(10).updates.isEmpty)
        #expect(master.core.frameworks[id]?.tasks["t1"]?.state == .running)
    }

    @Test func afterAMasterRestartAgentsAndFrameworksAreAdopted() {
        var master = MasterHarness()
        var info = FrameworkDescriptor(id: "OLD-0000", name: "f", user: "u", failoverTimeout: .seconds(3600))
        info.capabilities = [.partitionAware]
        let spec = TaskSpec(taskID: "t1", name: "t1", agentID: "OLD-S0", resources: r("cpus:1;mem:128").allocated(to: "*"))
        let (agent, _) = master.registerAgent(
            id: "OLD-S0", frameworks: [info], tasks: [ReportedTask(frameworkID: "OLD-0000", spec: spec, state: .running)])
        #expect(agent == "OLD-S0")
        #expect(master.core.frameworks["OLD-0000"]?.isRecovered == true)
        let (id, connection) = master.subscribe(id: "OLD-0000")
        #expect(id == "OLD-0000")
        let reconcile = master.call(.reconcile([]), from: id).1
        #expect(reconcile.events(to: connection).count == 1)
        #expect(reconcile.updates.first?.state == .running)
        // The adopted task's resources are in use: only the rest is offered.
        #expect(master.allocate().first?.resources.unallocated == r("cpus:3;mem:896;ports:[31000-31009]"))
    }

    @Test func tasksTheAgentNoLongerHasAreReportedGone() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        let (id, _) = master.subscribe(capabilities: [.partitionAware])
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        _ = master.registerAgent(id: agent, frameworks: [master.core.frameworks[id]!.info])
        let gone = master.directives.updates.last
        #expect(gone?.taskID == "t1" && gone?.state == .gone)
        #expect(master.core.frameworks[id]?.tasks["t1"] == nil)
    }

    @Test func agentCallsNeedTheCurrentStream() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        #expect(master.core.handle(.heartbeat, fromAgent: agent, streamID: "stale", now: .zero).0
            == .badRequest("The stream ID does not match the agent's stream"))
        #expect(master.core.handle(.heartbeat, fromAgent: "ghost", streamID: nil, now: .zero).0 == .badRequest("Agent cannot be found"))
    }
}
