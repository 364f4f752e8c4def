import AppsCore
import OfferMatching
import Testing

@Suite struct HealthTests {
    func runningApp(_ checks: String) -> (AppsHarness, String) {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","healthChecks":[\#(checks)]}"#)
        let launch = h.offer()[0]
        h.status(launch.taskID, .running)
        return (h, launch.taskID)
    }

    func result(_ h: inout AppsHarness, _ task: String, alive: Bool) -> [AppsDirective] {
        h.handle(.healthCheckResult(taskID: task, checkIndex: 0, alive: alive, cause: alive ? nil : "503"))
    }

    @Test func failuresDuringGraceAreIgnoredUntilTheFirstSuccess() {
        var (h, task) = self.runningApp(#"{"protocol":"HTTP","gracePeriodSeconds":60,"maxConsecutiveFailures":1}"#)
        // t+0: failure inside grace -> ignored, health unknown
        #expect(AppsHarness.kills(self.result(&h, task, alive: false)).isEmpty)
        #expect(h.core.counts(of: PathID("/web")) == TaskCounts(running: 1))
        // success ends the grace period early
        _ = self.result(&h, task, alive: true)
        #expect(h.core.counts(of: PathID("/web")) == TaskCounts(running: 1, healthy: 1))
        // next failure counts: 1 of 1 -> kill
        let output = self.result(&h, task, alive: false)
        #expect(AppsHarness.kills(output) == [task])
        #expect(AppsHarness.events(output).contains("unhealthy_instance_kill_event"))
    }

    @Test func consecutiveFailuresAfterGraceKillAndReplace() throws {
        var (h, task) = self.runningApp(#"{"protocol":"TCP","gracePeriodSeconds":10,"maxConsecutiveFailures":3}"#)
        h.advance(11)
        // failures 1 and 2 -> unhealthy, not killed
        for _ in 0..<2 { #expect(AppsHarness.kills(self.result(&h, task, alive: false)).isEmpty) }
        #expect(h.core.counts(of: PathID("/web")) == TaskCounts(running: 1, unhealthy: 1))
        let view = try #require(h.tasks("/web").first)
        #expect(view.healthCheckResults.first?.consecutiveFailures == 2)
        #expect(view.json["healthCheckResults"]?.serialized().contains("\"lastFailureCause\":\"503\"") == true)
        // a success resets the count
        _ = self.result(&h, task, alive: true)
        for _ in 0..<2 { _ = self.result(&h, task, alive: false) }
        // third in a row -> kill; the killed task is replaced (next incarnation)
        let output = self.result(&h, task, alive: false)
        #expect(AppsHarness.kills(output) == [task])
        h.status(task, .killed)
        let replacement = h.offer()
        #expect(replacement.first?.taskID.hasSuffix("._app.2") == true)
    }

    @Test func zeroMaxFailuresNeverKills() {
        var (h, task) = self.runningApp(#"{"protocol":"HTTP","gracePeriodSeconds":0,"maxConsecutiveFailures":0}"#)
        h.advance(1)
        for _ in 0..<10 { #expect(AppsHarness.kills(self.result(&h, task, alive: false)).isEmpty) }
    }

    @Test func agentChecksTravelInTheLaunchAndReportThroughStatus() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","healthChecks":[{"protocol":"MESOS_HTTP","path":"/ping"}]}"#)
        let launch = try #require(h.offer().first)
        #expect(launch.agentHealthCheck?.protocol == .mesosHTTP)
        #expect(launch.agentHealthCheckPort == launch.hostPorts[0])
        let running = h.status(launch.taskID, .running)
        // no framework-side checks to start
        #expect(!running.contains { if case .startHealthChecks = $0 { return true }; return false })
        #expect(h.core.counts(of: PathID("/web")).healthy == 0)
        let output = h.status(launch.taskID, .running, healthy: true)
        #expect(AppsHarness.events(output).contains("health_status_changed_event"))
        #expect(h.core.counts(of: PathID("/web")) == TaskCounts(running: 1, healthy: 1))
        #expect(h.core.deployments.isEmpty)
    }

    @Test func agentChecksGateDeploymentsOnlyWhenAgentsRunThem() throws {
        for agentsRun in [false, true] {
            var h = AppsHarness { $0.agentsRunHealthChecks = agentsRun }
            h.create(#"{"id":"web","cmd":"x","healthChecks":[{"protocol":"MESOS_TCP"}]}"#)
            let launch = try #require(h.offer().first)
            h.status(launch.taskID, .running)
            // agents that do not run the check never report: the deployment must not wait for them
            #expect(h.core.deployments.isEmpty == !agentsRun, "agentsRunHealthChecks: \(agentsRun)")
            #expect(h.core.counts(of: PathID("/web")).healthy == 0)
            h.status(launch.taskID, .running, healthy: true)
            #expect(h.core.deployments.isEmpty)
        }
    }
}
