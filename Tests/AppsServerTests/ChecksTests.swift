import AgoraSDK
import AgoraTestKit
import AppsCore
import AppsServer
import Testing

/// Health and readiness checks run by the framework, on a manual clock and fake probes.
@Suite struct ChecksTests {
    @Test func consecutiveHealthFailuresKillTheTask() async throws {
        let probe = FakeProbe(defaultStatus: 500)
        try await AppsFixture.run(probe: probe) { f in
            try await f.request(.post, "/v2/apps", #"""
                {"id":"web","cmd":"x","cpus":0.1,"mem":16,
                 "healthChecks":[{"protocol":"HTTP","path":"/health","gracePeriodSeconds":0,"intervalSeconds":10,"maxConsecutiveFailures":2}]}
                """#)
            try await f.offer()
            let task = try #require(await f.launched.first)
            await f.status(task, .taskRunning)
            try await eventually("the first probe", within: AppsFixture.patience) { probe.calls.count == 1 }
            #expect(probe.calls[0].hasPrefix("agent-1:310") && probe.calls[0].hasSuffix("/health"))
            try await eventually("the first failure to show", within: AppsFixture.patience) {
                try await f.app("/web")["tasks"]?[0]?["healthCheckResults"]?[0]?["consecutiveFailures"] == 1
            }
            let app = try await f.app("/web")
            #expect(app["tasksUnhealthy"] == 1 && app["tasksHealthy"] == 0)
            let result = try #require(app["tasks"]?[0]?["healthCheckResults"]?[0])
            #expect(result["alive"] == false && result["lastFailureCause"]?.stringValue?.contains("500") == true)
            #expect(await f.killed.isEmpty)
            f.clock.advance(by: 10)
            try await eventually("the kill after the second failure", within: AppsFixture.patience) { await f.killed == [task] }
        }
    }

    @Test func aDeploymentWaitsForHealth() async throws {
        let probe = FakeProbe(defaultStatus: 0)
        try await AppsFixture.run(probe: probe) { f in
            try await f.request(.post, "/v2/apps", #"""
                {"id":"web","cmd":"x","cpus":0.1,"mem":16,"healthChecks":[{"protocol":"TCP","intervalSeconds":5,"maxConsecutiveFailures":0}]}
                """#)
            try await f.offer()
            let task = try #require(await f.launched.first)
            await f.status(task, .taskRunning)
            try await eventually("a probe", within: AppsFixture.patience) { probe.calls.count >= 1 }
            #expect(await f.shell.view()?.core.deployments.count == 1, "not healthy yet")
            probe.answer(200, onPort: Int(probe.calls[0].split(separator: ":")[1])!)
            f.clock.advance(by: 5)
            try await f.deploymentsFinish()
            #expect(try await f.app("/web")["tasksHealthy"] == 1)
        }
    }

    @Test func readinessGatesTheDeployment() async throws {
        let probe = FakeProbe()
        probe.answer(503, onPath: "/ready")
        try await AppsFixture.run(probe: probe) { f in
            try await f.request(.post, "/v2/apps", #"""
                {"id":"web","cmd":"x","cpus":0.1,"mem":16,"portDefinitions":[{"port":0,"name":"http"}],
                 "readinessChecks":[{"name":"ready","portName":"http","path":"/ready","intervalSeconds":5,"timeoutSeconds":1}]}
                """#)
            try await f.offer()
            let task = try #require(await f.launched.first)
            await f.status(task, .taskRunning)
            try await eventually("a readiness result in the deployment", within: AppsFixture.patience) {
                let deployment = try await f.request(.get, "/v2/deployments").json?[0]
                return deployment?["currentActions"]?[0]?["readinessCheckResults"]?[0]?["ready"] == false
            }
            probe.answer(200, onPath: "/ready")
            f.clock.advance(by: 5)
            try await f.deploymentsFinish()
        }
    }

    @Test func agentRunChecksGoInTheTaskInfoAndTheirVerdictGatesTheDeployment() async throws {
        try await AppsFixture.run { f in
            try await f.request(.post, "/v2/apps", #"""
                {"id":"web","cmd":"x","cpus":0.1,"mem":16,"healthChecks":[{"protocol":"MESOS_HTTP","path":"/ping","intervalSeconds":3}]}
                """#)
            try await f.offer()
            let info = try #require(await f.master.launchedTasks.first)
            #expect(info.healthCheck.type == .http && info.healthCheck.http.path == "/ping" && info.healthCheck.intervalSeconds == 3)
            #expect(info.healthCheck.http.port == info.resources.first { $0.name == "ports" }?.ranges.range.first?.begin.magnitude.asUInt32)
            await f.status(info.taskID.value, .taskRunning)
            // Running but not yet judged by the agent: no result, and the deployment waits.
            #expect(try await f.app("/web")["tasks"]?[0]?["healthCheckResults"] == .array([]))
            #expect(try await f.request(.get, "/v2/deployments").json?[0] != nil)
            await f.status(info.taskID.value, .taskRunning, healthy: true)
            try await eventually("the agent's verdict to count", within: AppsFixture.patience) { try await f.app("/web")["tasksHealthy"] == 1 }
            try await f.deploymentsFinish()
            let result = try await f.app("/web")["tasks"]?[0]?["healthCheckResults"]?[0]
            #expect(result?["alive"] == true && result?["lastFailureCause"] == .null)
            await f.status(info.taskID.value, .taskRunning, healthy: false)
            try await eventually("the agent's failing verdict", within: AppsFixture.patience) {
                try await f.app("/web")["tasks"]?[0]?["healthCheckResults"]?[0]?["alive"] == false
            }
        }
    }

    @Test func agentRunChecksShowAsNotRunWhereAgentsDoNotRunThem() async throws {
        try await AppsFixture.run(configure: { $0.core.agentsRunHealthChecks = false }) { f in
            try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","cpus":0.1,"mem":16,"healthChecks":[{"protocol":"MESOS_TCP"}]}"#)
            try await f.offer()
            let info = try #require(await f.master.launchedTasks.first)
            await f.status(info.taskID.value, .taskRunning)
            try await f.deploymentsFinish()
            let result = try await f.app("/web")["tasks"]?[0]?["healthCheckResults"]?[0]
            #expect(result?["lastFailureCause"]?.stringValue?.contains("which does not run them") == true)
        }
    }

    @Test func backoffDelaysTheReplacementUntilItsTime() async throws {
        try await AppsFixture.run { f in
            try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"false","cpus":0.1,"mem":16,"backoffSeconds":10}"#)
            try await f.offer()
            let first = try #require(await f.launched.first)
            await f.status(first, .taskFailed)
            try await eventually("the backoff in the queue", within: AppsFixture.patience) {
                try await f.request(.get, "/v2/queue").json?["queue"]?[0]?["delay"] == .object([("timeLeftSeconds", 10), ("overdue", false)])
            }
            try await f.offer()
            #expect(await f.launched.count == 1, "no launch during the backoff")
            #expect(try await f.app("/web")["lastTaskFailure"]?["state"] == "TASK_FAILED")
            f.clock.advance(by: 10)
            try await f.offer()
            #expect(await f.launched.count == 2)
        }
    }
}

extension UInt64 {
    var asUInt32: UInt32 { UInt32(self) }
}
