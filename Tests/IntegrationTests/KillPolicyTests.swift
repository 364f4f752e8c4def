import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// KillPolicy: SIGTERM to the task's whole process tree, the grace period (the task's, or
/// the KILL call's, which wins), then SIGKILL to whatever is left of the tree.
@Suite(.serialized) struct KillPolicyTests {
    /// A shell ignoring SIGTERM with two children that inherit that, one of them nested.
    static let stubbornTree = "trap '' TERM; (sleep 300 & wait) & sleep 300 & wait"

    @Test func theTasksOwnGracePeriodAppliesAndTheWholeTreeDies() async throws {
        try await withCluster("killpolicy") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await Self.launch(framework, id: "tree", command: Self.stubbornTree, grace: .seconds(2))
            try await framework.waitFor(.taskRunning, of: "tree")
            let tree = try await eventuallyValue("the whole tree to start") {
                let sleeps = cluster.agents[0].descendants.filter { ExecutorCrashIntegrationTests.commandLine(of: $0).hasPrefix("sleep 300") }
                return sleeps.count == 2 ? cluster.agents[0].descendants : nil
            }
            let asked = ContinuousClock.now
            try await framework.driver.kill("tree")
            try await framework.waitFor(.taskKilled, of: "tree", within: 10)
            let elapsed = ContinuousClock.now - asked
            #expect(elapsed >= .seconds(2) && elapsed < .seconds(5), "TASK_KILLED after \(elapsed); the task's grace is 2 s")
            try await eventually("every process of the tree to be gone") { tree.allSatisfy { !ServerProcess.isRunning($0) } }
            await framework.stop()
        }
    }

    @Test func theKillCallsGracePeriodOverridesTheTasks() async throws {
        try await withCluster("killoverride") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await Self.launch(framework, id: "override", command: Self.stubbornTree, grace: .seconds(30))
            try await framework.waitFor(.taskRunning, of: "override")
            let asked = ContinuousClock.now
            try await framework.driver.kill("override", agentID: nil, gracePeriod: .milliseconds(500))
            try await framework.waitFor(.taskKilled, of: "override", within: 10)
            let elapsed = ContinuousClock.now - asked
            #expect(elapsed >= .milliseconds(500) && elapsed < .seconds(3), "TASK_KILLED after \(elapsed)")
            await framework.stop()
        }
    }

    static func launch(_ framework: TestFramework, id: String, command: String, grace: Duration) async throws {
        let offer = try await framework.nextOffer()
        var budget = OfferResources(offer)
        let taken = budget.take(cpus: 0.01, mem: 8)
        var task = Mesos.TaskInfo.command(id: TaskID(id), command: command, resources: try #require(taken), on: offer)
        task.killPolicy.gracePeriod.nanoseconds = Int64(grace.components.seconds) * 1_000_000_000
            + grace.components.attoseconds / 1_000_000_000
        try await framework.driver.launch([task], on: offer, refuse: .zero)
    }
}
