import AgoraModel
import MasterCore
import Testing

/// Executors' resources: counted as used, and given back when an agent no longer runs them.
@Suite struct ExecutorAccountingTests {
    /// Registers an agent, subscribes a framework and launches `t1` under custom executor `e`.
    static func launchUnderExecutor(_ master: inout MasterHarness) throws -> (AgentID, FrameworkID, TaskSpec) {
        let (agent, _) = master.registerAgent("cpus:4;mem:1024")
        let (id, _) = master.subscribe()
        let offer = try #require(master.allocate().first)
        var task = MasterHarness.task("t1", on: agent, "cpus:1;mem:128")
        task.executor = ExecutorSpec(executorID: "e", resources: r("cpus:0.5;mem:64"))
        task.hasCommand = false
        master.launch([task], from: id, offer: offer, refuse: 0)
        #expect(master.core.frameworks[id]?.tasks["t1"] != nil)
        return (agent, id, master.core.frameworks[id]!.tasks["t1"]!.spec)
    }

    @Test func usedResourcesCountTheExecutorAsTheAllocatorDoes() throws {
        var master = MasterHarness()
        let (agent, id, _) = try Self.launchUnderExecutor(&master)
        let used = master.core.usedResources(onAgent: agent)
        #expect(used.unallocated == r("cpus:1.5;mem:192"))
        #expect(master.core.usedResources(of: id).unallocated == r("cpus:1.5;mem:192"))
        let allocator = master.core.allocator
        #expect((allocator.total(of: agent) - allocator.available(on: agent)).unallocated == used.unallocated)
        #expect(master.core.usedResourcesOfConnectedAgents.unallocated == r("cpus:1.5;mem:192"))
    }

    @Test func aReregistrationWithoutTheExecutorGivesItsResourcesBack() throws {
        var master = MasterHarness()
        let (agent, id, spec) = try Self.launchUnderExecutor(&master)
        _ = master.update("t1", .finished, framework: id, agent: agent)
        // The executor exits, but its EXECUTOR_EXITED never reaches the master; the agent
        // re-registers without it.
        let (again, _) = master.registerAgent(
            "cpus:4;mem:1024", id: agent, frameworks: [master.core.frameworks[id]!.info],
            tasks: [ReportedTask(frameworkID: id, spec: spec, state: .finished)])
        #expect(again == agent)
        #expect(master.core.frameworks[id]?.executors[agent] == nil)
        #expect(master.core.usedResources(onAgent: agent).isEmpty)
        let allocator = master.core.allocator
        #expect(allocator.available(on: agent) == allocator.total(of: agent))
    }
}
