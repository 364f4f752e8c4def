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
