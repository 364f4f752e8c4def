import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

/// Health checks run by the command executor against real task processes.
@Suite(.serialized) struct HealthCheckTests {
    static func check(_ configure: (inout Mesos.HealthCheck) -> Void) -> Mesos.HealthCheck {
        var check = Mesos.HealthCheck()
        check.delaySeconds = 0
        check.intervalSeconds = 0.3
        check.timeoutSeconds = 2
        check.gracePeriodSeconds = 10
        check.consecutiveFailures = 2
        configure(&check)
        return check
    }

    @Test func httpAndTCPChecksReportAServingTaskHealthy() async throws {
        try await withCluster("health-http") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            let (httpPort, tcpPort) = (freePort(), freePort())
            let http = Self.check {
                $0.type = .http
                $0.http.port = UInt32(httpPort)
                $0.http.path = "/"
            }
            let tcp = Self.check {
                $0.type = .tcp
                $0.tcp.port = UInt32(tcpPort)
            }
            try await Self.launch(framework, id: "web", command: "exec python3 -m http.server \(httpPort) --bind 127.0.0.1", check: http)
            try await Self.launch(framework, id: "socket", command: "exec python3 -m http.server \(tcpPort) --bind 127.0.0.1", check: tcp)
            for id in ["web", "socket"] {
                try await eventually("\(id) to be reported healthy", within: 20) {
                    await framework.log.updates.contains { $0.taskID.value == id && $0.state == .taskRunning && $0.hasHealthy && $0.healthy }
                }
                let update = try #require(await framework.log.updates.last { $0.taskID.value == id && $0.hasHealthy })
                #expect(update.reason == .taskHealthCheckStatusUpdated && update.source == .executor)
            }
            await framework.stop()
        }
    }

    @Test func aTaskFailingItsCommandCheckIsReportedUnhealthyThenKilled() async throws {
        try await withCluster("health-command") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            // Healthy while `ok` exists; the task removes it after a moment.
            let check = Self.check {
                $0.type = .command
                $0.command.value = "test -f ok"
            }
            try await Self.launch(framework, id: "flaky", command: "touch ok; sleep 1.5; rm ok; sleep 300", check: check)
            try await framework.waitFor(.taskKilled, of: "flaky", within: 30)
            let health = await framework.log.updates.filter { $0.taskID.value == "flaky" && $0.hasHealthy }.map(\.healthy)
            #expect(health.first == true, "healthy first: \(health)")
            #expect(health.suffix(3) == [false, false, false], "two unhealthy reports, then TASK_KILLED unhealthy: \(health)")
            let killed = try #require(await framework.log.latest("flaky"))
            #expect(killed.state == .taskKilled && killed.hasHealthy && !killed.healthy)
            await framework.stop()
        }
    }

    @Test func failuresInTheGracePeriodDoNotCount() async throws {
        try await withCluster("health-grace") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            let check = Self.check {
                $0.type = .command
                $0.command.value = "test -f ready"
                $0.gracePeriodSeconds = 30
            }
            // Ready only after 2 s: early failures fall in the grace period.
            try await Self.launch(framework, id: "slow", command: "sleep 2; touch ready; sleep 300", check: check)
            try await eventually("slow to be reported healthy", within: 20) {
                await framework.log.updates.contains { $0.taskID.value == "slow" && $0.hasHealthy && $0.healthy }
            }
            let health = await framework.log.updates.filter { $0.taskID.value == "slow" && $0.hasHealthy }.map(\.healthy)
            #expect(health == [true], "\(health)")
            await framework.stop()
        }
    }

    static func launch(_ framework: TestFramework, id: String, command: String, check: Mesos.HealthCheck) async throws {
        let offer = try await framework.nextOffer()
        var budget = OfferResources(offer)
        let taken = budget.take(cpus: 0.01, mem: 32)
        var task = Mesos.TaskInfo.command(id: TaskID(id), command: command, resources: try #require(taken), on: offer)
        task.healthCheck = check
        try await framework.driver.launch([task], on: offer, refuse: .zero)
    }
}
