import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real binaries on loopback, driven by an SDK framework.
@Suite(.serialized) struct OfferCycleIntegrationTests {
    @Test func fiftyTasksRunToFinished() async throws {
        try await withCluster("fifty") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            let ids = try await framework.launch((0..<50).map { (id: "true-\($0)", command: "true") })
            for id in ids { try await framework.waitFor(.taskFinished, of: id, within: 60) }
            for id in ids {
                let states = await framework.log.states(of: id)
                #expect(states == [.taskStarting, .taskRunning, .taskFinished], "\(id): \(states.map(\.name))")
            }
            let metrics = try await cluster.masterJSON("/metrics/snapshot")
            #expect(metrics["master/tasks_finished"] as? Double == 50)
            await framework.stop()
        }
    }

    @Test func aFailingCommandReportsItsExitCode() async throws {
        try await withCluster("exit3") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "fails", command: "exit 3")])
            try await framework.waitFor(.taskFailed, of: "fails")
            let status = try #require(await framework.log.latest("fails"))
            #expect(status.message == "Command exited with status 3")
            #expect(status.source == .executor)
            let masterID = try #require(try await cluster.masterJSON("/master/state")["id"] as? String)
            #expect(status.agentID.value.hasPrefix(masterID))
            await framework.stop()
        }
    }

    @Test func aPlainCommandRunsWithoutAShellButWithTheShellsEnvironment() async throws {
        try await withCluster("plain") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "env", command: "env")])
            try await framework.waitFor(.taskFinished, of: "env")
            let root = cluster.directory + "/agent-0"
            let stdout = try #require(try FileManager.default.subpathsOfDirectory(atPath: root).first { $0.hasSuffix("/stdout") })
            let variables = Dictionary(
                try String(contentsOfFile: root + "/" + stdout, encoding: .utf8).split(separator: "\n").map { line in
                    let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }, uniquingKeysWith: { first, _ in first })
            // What `sh -c env` would print: PWD exported as the sandbox, next to MESOS_SANDBOX.
            #expect(variables["PWD"] != nil && variables["PWD"] == variables["MESOS_SANDBOX"], "\(variables)")
            await framework.stop()
        }
    }

    @Test func killingALongTaskEndsItWithinTheGrace() async throws {
        try await withCluster("kill") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "sleeper", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "sleeper")
            let agent = try #require(cluster.agents.first)
            let sleepers = agent.descendants
            let asked = ContinuousClock.now
            try await framework.driver.kill("sleeper")
            try await framework.waitFor(.taskKilled, of: "sleeper", within: 10)
            let elapsed = ContinuousClock.now - asked
            #expect(elapsed < .seconds(3) + .seconds(1), "TASK_KILLED after \(elapsed)")
            try await eventually("the task's processes to be gone") { sleepers.allSatisfy { kill($0, 0) != 0 } }
            await framework.stop()
        }
    }

    @Test func aTaskIgnoringSIGTERMIsKilledAfterItsGracePeriod() async throws {
        try await withCluster("grace") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "stubborn", command: "trap '' TERM; while true; do sleep 0.1; done")])
            try await framework.waitFor(.taskRunning, of: "stubborn")
            let asked = ContinuousClock.now
            try await framework.driver.kill("stubborn", agentID: nil, gracePeriod: .seconds(1))
            try await framework.waitFor(.taskKilled, of: "stubborn", within: 10)
            let elapsed = ContinuousClock.now - asked
            #expect(elapsed >= .seconds(1) && elapsed < .seconds(3), "TASK_KILLED after \(elapsed)")
            await framework.stop()
        }
    }
}

/// What finished executors leave behind on the host.
@Suite(.serialized) struct ExecutorSocketTests {
    @Test func finishedExecutorsLeaveNoTimeWaitSocketsTowardsTheAgent() async throws {
        try await withCluster("timewait") { cluster in
            let agent = cluster.agents[0]
            let agentPort = try #require(Int(try await agent.address(of: "agent").split(separator: ":").last ?? ""))
            let framework = try await TestFramework(master: cluster.masterAddress)
            let ids = try await framework.launch((0..<10).map { (id: "short-\($0)", command: "true") })
            for id in ids { try await framework.waitFor(.taskFinished, of: id) }
            try await eventually("every executor to exit") { agent.descendants.isEmpty }
            let lingering = closingSockets(towardsPort: agentPort)
            #expect(lingering == 0, "executors closed their connections with a FIN: \(lingering) sockets in FIN_WAIT/TIME_WAIT")
            await framework.stop()
        }
    }

    /// TCP sockets closed with a FIN and waiting on (FIN_WAIT1/2, TIME_WAIT, CLOSING: states
    /// 04, 05, 06, 0B in /proc/net/tcp) whose remote port is `port`.
    private func closingSockets(towardsPort port: Int) -> Int {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").dropFirst().filter { line in
            let fields = line.split(separator: " ")
            guard fields.count > 3, let remotePort = fields[2].split(separator: ":").last else { return false }
            return ["04", "05", "06", "0B"].contains(fields[3]) && Int(remotePort, radix: 16) == port
        }.count
    }
}

/// LAUNCH_GROUP under the agent's default executor.
@Suite(.serialized) struct TaskGroupIntegrationTests {
    @Test func aTaskGroupRunsUnderOneExecutor() async throws {
        try await withCluster("group") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launchGroup("pair", [(id: "left", command: "true"), (id: "right", command: "true")])
            for id in ["left", "right"] {
                try await framework.waitFor(.taskFinished, of: id)
                let status = try #require(await framework.log.latest(id))
                #expect(status.executorID.value == "pair" && status.source == .executor)
                #expect(await framework.log.states(of: id) == [.taskStarting, .taskRunning, .taskFinished])
            }
            await framework.stop()
        }
    }

    @Test func oneFailingTaskTakesItsGroupDown() async throws {
        try await withCluster("groupfails") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launchGroup("trio", [
                (id: "steady-1", command: "sleep 300"), (id: "steady-2", command: "sleep 300"),
                (id: "breaks", command: "sleep 0.3; exit 4"),
            ])
            try await framework.waitFor(.taskFailed, of: "breaks")
            #expect(await framework.log.latest("breaks")?.message == "Command exited with status 4")
            for id in ["steady-1", "steady-2"] { try await framework.waitFor(.taskKilled, of: id, within: 10) }
            await framework.stop()
        }
    }
}
