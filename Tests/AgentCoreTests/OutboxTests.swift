import AgentCore
import AgoraModel
import Testing

/// Every agent→master call waits in the outbox until the master took it.
@Suite struct OutboxTests {
    /// A custom executor on `e` with task `t3`, subscribed on connection 9.
    static func customExecutor(_ agent: inout AgentHarness) -> ExecutorLaunch? {
        var task = AgentHarness.task("t3")
        task.executor = ExecutorSpec(executorID: "e", resources: r("cpus:0.1;mem:32"))
        let output = agent.core.runTasks(framework: agent.framework, executor: task.executor, tasks: [task], isGroup: false, now: agent.now)
        _ = agent.core.executorSubscribed("e", of: "F", connection: ConnectionID(9), now: agent.now)
        return output.compactMap { if case .launchExecutor(let launch) = $0 { return launch }; return nil }.first
    }

    static func isExit(_ call: OutboundCall) -> Bool {
        if case .executorExited("F", "e", _) = call.message { return true }
        return false
    }

    @Test func anExecutorExitWhileTheMasterIsAwayIsDeliveredAfterReregistration() throws {
        var agent = AgentHarness()
        let launched = Self.customExecutor(&agent)
        let launch = try #require(launched)
        agent.core.masterDisconnected()
        let exit = agent.core.containerExited(launch.containerID, waitStatus: 9 << 8, now: agent.now)
        #expect(exit.calls.isEmpty, "nothing can be sent without a master")
        #expect(agent.core.pendingMasterCalls.contains(where: Self.isExit))
        #expect(agent.advance(30).calls.isEmpty)
        let back = agent.core.registered(as: "A", heartbeatInterval: .seconds(2), now: agent.now)
        #expect(back.calls.contains(where: Self.isExit))
    }

    @Test func aFailedCallIsRetriedWithBackoffUntilDelivered() throws {
        var agent = AgentHarness { $0.callRetryMin = .seconds(1) }
        let launched = Self.customExecutor(&agent)
        let launch = try #require(launched)
        agent.deliver = false
        let exit = try #require(agent.core.containerExited(launch.containerID, waitStatus: 0, now: agent.now).calls.first(where: Self.isExit))
        #expect(agent.core.masterCallFinished(exit.id, .failed("connection reset"), now: agent.now).isEmpty)
        #expect(!agent.advance(0.9).calls.contains(where: Self.isExit))
        let retry = agent.advance(0.1).calls.filter(Self.isExit)
        #expect(retry.map(\.id) == [exit.id])
        _ = agent.core.masterCallFinished(exit.id, .failed("HTTP 503"), now: agent.now)
        #expect(!agent.advance(1.9).calls.contains(where: Self.isExit), "the second retry waits twice as long")
        #expect(agent.advance(0.1).calls.contains(where: Self.isExit))
        _ = agent.core.masterCallFinished(exit.id, .delivered, now: agent.now)
        #expect(!agent.core.pendingMasterCalls.contains(where: Self.isExit))
        #expect(!agent.advance(60).calls.contains(where: Self.isExit))
    }

    @Test func anExecutorsCallsArriveInOrderOneAtATime() throws {
        var agent = AgentHarness()
        let launched = Self.customExecutor(&agent)
        let launch = try #require(launched)
        agent.deliver = false
        let message = agent.core.executorMessage([1], from: "e", of: "F", now: agent.now).1.calls
        #expect(message.count == 1)
        let exit = agent.core.containerExited(launch.containerID, waitStatus: 0, now: agent.now)
        #expect(!exit.calls.contains(where: Self.isExit), "the exit waits behind the message")
        let next = agent.core.masterCallFinished(message[0].id, .delivered, now: agent.now)
        #expect(next.calls.contains(where: Self.isExit))
    }

    @Test func aCallTheMasterRefusesForGoodIsDroppedAndTheNextGoes() throws {
        var agent = AgentHarness()
        #expect(Self.customExecutor(&agent) != nil)
        agent.deliver = false
        let first = agent.core.executorMessage([1], from: "e", of: "F", now: agent.now).1.calls
        #expect(agent.core.executorMessage([2], from: "e", of: "F", now: agent.now).1.calls.isEmpty)
        let next = agent.core.masterCallFinished(first[0].id, .rejected("HTTP 400: Failed to parse"), now: agent.now)
        #expect(next.calls.map(\.message) == [.message("F", "e", data: [2])])
    }

    @Test func heartbeatsDoNotPileUpWhileTheMasterIsSlow() {
        var agent = AgentHarness()
        agent.deliver = false
        let beats = (0..<5).flatMap { _ in agent.advance(2).calls.filter { $0.message == .heartbeat } }
        #expect(beats.count == 1)
        #expect(agent.core.pendingMasterCalls.filter { $0.message == .heartbeat }.count == 1)
    }
}
