import AgoraModel
import MasterCore
import Testing

@Suite struct StatusUpdateTests {
    /// A framework with one task `t1` launched on one agent.
    func launched() -> (MasterHarness, FrameworkID, ConnectionID, AgentID, ConnectionID) {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, connection) = master.subscribe()
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer, refuse: 0)
        return (master, id, connection, agent, agentConnection)
    }

    @Test func updatesAreForwardedAndAcknowledgementsGoBack() {
        var (master, id, connection, agent, agentConnection) = self.launched()
        let output = master.update("t1", .running, framework: id, agent: agent, uuid: 7)
        #expect(output.events(to: connection).count == 1)
        #expect(output.updates.first?.state == .running)
        #expect(output.updates.first?.uuid == Array(repeating: 7, count: 16))
        #expect(master.core.frameworks[id]?.tasks["t1"]?.state == .running)
        let ack = master.call(.acknowledge(agentID: agent, taskID: "t1", uuid: Array(repeating: 7, count: 16)), from: id)
        #expect(ack.0 == .accepted)
        #expect(ack.1.agentMessages(to: agentConnection) == [.acknowledge(id, "t1", uuid: Array(repeating: 7, count: 16))])
    }

    @Test func aTerminalStateFreesResourcesAndItsAcknowledgementRetiresTheTask() {
        var (master, id, _, agent, _) = self.launched()
        #expect(master.allocate().first?.resources.unallocated == r("cpus:3;mem:896;ports:[31000-31009]"))
        _ = master.update("t1", .finished, framework: id, agent: agent, uuid: 9)
        #expect(master.core.frameworks[id]?.tasks["t1"]?.state == .finished)
        // The freed cpus:1;mem:128 are offered again.
        #expect(master.allocate().first?.resources.unallocated == r("cpus:1;mem:128"))
        master.call(.acknowledge(agentID: agent, taskID: "t1", uuid: Array(repeating: 9, count: 16)), from: id)
        #expect(master.core.frameworks[id]?.tasks["t1"] == nil)
        #expect(master.core.frameworks[id]?.completedTasks.map(\.state) == [.finished])
    }

    @Test func acknowledgementsNeedSixteenByteUUIDs() {
        var (master, id, _, agent, _) = self.launched()
        #expect(master.call(.acknowledge(agentID: agent, taskID: "t1", uuid: [1, 2]), from: id).0
            == .badRequest("Failed to validate scheduler::Call: 'uuid' must be 16 bytes"))
    }

    @Test func killGoesToTheAgentAndUnknownTasksAreLost() {
        var (master, id, connection, agent, agentConnection) = self.launched()
        let kill = master.call(.kill("t1", agentID: agent, killGracePeriod: .seconds(1)), from: id)
        #expect(kill.1.agentMessages(to: agentConnection) == [.killTask(id, "t1", killGracePeriod: .seconds(1))])
        let unknown = master.call(.kill("ghost", agentID: nil, killGracePeriod: nil), from: id)
        #expect(unknown.1.events(to: connection).count == 1)
        #expect(unknown.1.updates.first?.state == .lost)
    }

    @Test func implicitReconciliationReportsEveryKnownTask() {
        var (master, id, _, agent, _) = self.launched()
        _ = master.update("t1", .running, framework: id, agent: agent)
        let output = master.call(.reconcile([]), from: id).1
        #expect(output.updates.count == 1)
        let status = output.updates[0]
        #expect(status.taskID == "t1" && status.state == .running)
        #expect(status.reason == .reconciliation && status.source == .master && status.uuid == nil)
    }

    @Test func explicitReconciliationAnswersForUnknownTasks() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        let (plain, _) = master.subscribe()
        let (aware, _) = master.subscribe("aware", capabilities: [.partitionAware])
        let items = [ReconcileItem(taskID: "x", agentID: agent), ReconcileItem(taskID: "y", agentID: "nowhere"), ReconcileItem(taskID: "z")]
        #expect(master.call(.reconcile(items), from: aware).1.updates.map(\.state) == [.gone, .unknown, .unknown])
        #expect(master.call(.reconcile(items), from: plain).1.updates.map(\.state) == [.lost, .lost, .lost])
    }

    @Test func updatesForUnknownFrameworksAreCountedAndDropped() {
        var (master, _, _, agent, _) = self.launched()
        let output = master.update("t9", .running, framework: "stranger", agent: agent)
        #expect(output.isEmpty)
        #expect(master.core.metrics.invalidStatusUpdates == 1)
    }

    @Test func executorExitsReachTheFrameworkAsFailure() {
        var (master, id, connection, agent, _) = self.launched()
        let output = master.agentCall(.executorExited(id, "t1", status: 256), from: agent).1
        #expect(output.events(to: connection) == [.failure(agent, "t1", status: 256)])
    }
}
