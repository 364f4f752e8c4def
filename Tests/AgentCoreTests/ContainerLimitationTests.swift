import AgentCore
import AgoraModel
import Testing

/// A container that hit its memory limit: the task it ended says so, as Mesos reports it.
@Suite struct ContainerLimitationTests {
    static let oom = ContainerLimitation(reason: .containerLimitationMemory, message: "Memory limit exceeded: the container's limit is 64 MB")

    @Test func theNextFailedUpdateCarriesTheLimitation() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        _ = agent.acknowledge("t1", uuid: 1)
        agent.core.containerLimited(launch.containerID, Self.oom)
        let (_, output) = agent.update("t1", .failed, uuid: 2)
        let failed = try #require(output.toMaster.first)
        #expect(failed.status.state == .failed)
        #expect(failed.status.reason == .containerLimitationMemory)
        #expect(failed.status.message?.hasPrefix("Memory limit exceeded") == true, "\(failed.status.message ?? "")")
    }

    @Test func aTaskLeftUnfinishedWhenTheExecutorDiesFailsWithIt() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        _ = agent.subscribe("t1", connection: 7)
        _ = agent.update("t1", .running, uuid: 1)
        _ = agent.acknowledge("t1", uuid: 1)
        agent.core.containerLimited(launch.containerID, Self.oom)
        let output = agent.core.containerExited(launch.containerID, waitStatus: 9, now: agent.now)
        let failed = try #require(output.toMaster.first)
        #expect(failed.status.state == .failed)
        #expect(failed.status.reason == .containerLimitationMemory)
    }

    @Test func withoutALimitationAFailureKeepsItsOwnReason() throws {
        var agent = AgentHarness()
        #expect(agent.launch("t1") != nil)
        _ = agent.subscribe("t1", connection: 7)
        let (_, output) = agent.update("t1", .failed, uuid: 1)
        let failed = try #require(output.toMaster.first)
        #expect(failed.status.reason != .containerLimitationMemory)
    }

    @Test func theContainerHoldsTheExecutorsAndItsLiveTasksResources() throws {
        var agent = AgentHarness()
        let launched = agent.launch("t1")
        let launch = try #require(launched)
        let record = try #require(agent.core.executorByContainerID(launch.containerID))
        let expected = launch.tasks.reduce(launch.executor.resources) { $0 + $1.resources }
        #expect(record.resources == expected)
    }
}
