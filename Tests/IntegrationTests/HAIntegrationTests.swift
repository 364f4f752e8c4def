import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Three masters electing a leader in a real ZooKeeper, agents and frameworks following it.
@Suite(.serialized) struct HAIntegrationTests {
    @Test func mastersElectOneLeaderInMesossLayoutAndAnotherWhenItIsKilled() async throws {
        try await withHACluster("election") { cluster in
            let first = try await cluster.leader()
            let leaderPort = try #require(Int(cluster.masterAddresses[first].split(separator: ":")[1]))
            try await Self.expectMesosLayout(cluster, leaderPort: leaderPort)
            for index in 0..<3 where index != first {
                let standby = cluster.masterAddresses[index]
                try await eventually("master \(index) to redirect to the leader") {
                    let redirect = try await http("GET", "http://\(standby)/master/redirect")
                    return redirect.status == 307 && redirect.headers["location"] == "//127.0.0.1:\(leaderPort)"
                }
                let call = try await http(
                    "POST", "http://\(standby)/api/v1/scheduler?x=1", headers: ["Content-Type": "application/json"],
                    body: Array(#"{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n"}}}"#.utf8))
                #expect(call.status == 307 && call.headers["location"] == "//127.0.0.1:\(leaderPort)/api/v1/scheduler?x=1")
                let state = try await getJSON("http://\(standby)/master/state")
                #expect(state["leader"] == nil && state["leader_info"] == nil && state["elected_time"] == nil)
                #expect(try await http("GET", "http://\(standby)/health").status == 200)
            }
            let state = try await getJSON("http://\(cluster.masterAddresses[first])/master/state")
            #expect(state["leader"] as? String == "master@127.0.0.1:\(leaderPort)")
            #expect(state["leader_info"] != nil && state["elected_time"] is Double)

            await cluster.killMaster(first)
            let second = try await cluster.leader()
            #expect(second != first)
        }
    }

    /// The group as an independent client (kazoo) reads it: three `json.info_` members with
    /// 10-digit sequences, the lowest holding the leader's MasterInfo in Mesos's JSON.
    static func expectMesosLayout(_ cluster: HACluster, leaderPort: Int) async throws {
        let layout = PythonFixture("zk_layout.py", [cluster.zooKeeper.connectString, "/agora"], in: cluster.directory)
        #expect(try await layout.run() == 0, "\(layout.errors)")
        let read = try #require(layout.lines.first)
        let members = (read["children"] as? [String] ?? []).filter { $0.hasPrefix("json.info_") }
        #expect(members.count == 3, "\(read)")
        #expect(members.allSatisfy { $0.count == 20 && UInt64($0.dropFirst(10)) != nil })
        let lowest = try #require(members.min())
        let info = try #require((read["members"] as? [String: Any])?[lowest] as? [String: Any])
        #expect(info["ip"] as? Int == 16_777_343)
        #expect(info["port"] as? Int == leaderPort)
        #expect(info["pid"] as? String == "master@127.0.0.1:\(leaderPort)")
        #expect(info["hostname"] as? String == "127.0.0.1" && info["version"] as? String == "1.12.0")
        #expect((info["id"] as? String)?.isEmpty == false)
        let address = info["address"] as? [String: Any]
        #expect(address?["hostname"] as? String == "127.0.0.1" && address?["ip"] as? String == "127.0.0.1")
        #expect(address?["port"] as? Int == leaderPort)
    }

    @Test func noMasterLeadsWhileZooKeeperIsDownAndTasksSurviveIt() async throws {
        try await withHACluster("zkdown", agents: 1) { cluster in
            _ = try await cluster.leader()
            let framework = try await TestFramework(master: cluster.url, name: "zkdown")
            try await framework.launch([(id: "steady", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "steady")
            let processes = cluster.agents[0].descendants
            await cluster.zooKeeper.stop()
            try await eventually("every master to step down", within: 30) { await cluster.electedMasters().isEmpty }
            try await eventually("every master to answer 503", within: 30) {
                for address in cluster.masterAddresses {
                    guard try await http("GET", "http://\(address)/master/redirect").status == 503 else { return false }
                }
                return true
            }
            #expect(processes.allSatisfy { kill($0, 0) == 0 }, "tasks must outlive a leaderless cluster")
            try await cluster.zooKeeper.start()
            _ = try await cluster.leader()
            try await eventually("the framework to re-subscribe", within: 30) { await framework.log.resubscriptions >= 1 }
            try await framework.expectReconciled(["steady"], as: .taskRunning)
            #expect(processes.allSatisfy { kill($0, 0) == 0 })
            await framework.stop()
        }
    }

    @Test func frameworksFollowAFailoverAndKeepEveryTask() async throws {
        try await withHACluster("failover", agents: 1) { cluster in
            let first = try await cluster.leader()
            let sdk = try await TestFramework(master: cluster.url, name: "sdk", capabilities: [.partitionAware])
            let names = ["a", "b", "c"]
            try await sdk.launch(names.map { (id: $0, command: "sleep 300") })
            for name in names { try await sdk.waitFor(.taskRunning, of: name) }
            try await sdk.declineHeldOffers()
            let pymesos = PythonFixture("pymesos_failover.py", [cluster.url, "2", "90"], in: cluster.directory)
            let pid = try pymesos.start()
            try await eventually("pymesos's tasks to run", within: 30) {
                Set(pymesos.lines.filter { $0["state"] as? String == "TASK_RUNNING" }.compactMap { $0["task_id"] as? String })
                    .isSuperset(of: ["pymesos-0", "pymesos-1"])
            }
            let processes = Dictionary(uniqueKeysWithValues: cluster.agents[0].descendants.map {
                ($0, ExecutorCrashIntegrationTests.commandLine(of: $0))
            })
            let id = await sdk.driver.frameworkID

            await cluster.killMaster(first)
            _ = try await cluster.leader()
            try await eventually("the SDK framework to re-subscribe", within: 30) { await sdk.log.resubscriptions >= 1 }
            #expect(await sdk.driver.frameworkID == id)
            try await sdk.expectReconciled(names, as: .taskRunning)
            try await sdk.launch([(id: "d", command: "sleep 300")])
            try await sdk.waitFor(.taskRunning, of: "d")
            // Leave the rest of the agent to pymesos, which launches its own new task.
            try await sdk.declineHeldOffers(refuse: .seconds(60))

            #expect(await ProcessReaper.shared.waitForExit(of: pid) == 0, "pymesos: \(pymesos.lines) \(pymesos.errors)")
            let events = pymesos.lines
            #expect(events.filter { $0["event"] as? String == "registered" }.count == 1)
            #expect(events.contains { $0["event"] as? String == "reregistered" })
            let reconciled = events.filter { $0["reason"] as? String == "REASON_RECONCILIATION" }
            #expect(Set(reconciled.compactMap { $0["task_id"] as? String }) == ["pymesos-0", "pymesos-1"], "\(events)")
            #expect(reconciled.allSatisfy { $0["state"] as? String == "TASK_RUNNING" })
            let states = events.compactMap { $0["state"] as? String } + (await sdk.log.updates.map(\.state.name))
            #expect(!states.contains { ["TASK_LOST", "TASK_KILLED", "TASK_FAILED", "TASK_UNREACHABLE", "TASK_GONE"].contains($0) })
            let died = processes.filter { kill($0.key, 0) != 0 }
            #expect(died.isEmpty, "no task process may die in a failover: \(died)")
            await sdk.stop()
        }
    }
}

extension TestFramework {
    /// Reconciles `tasks` explicitly, as Mesos asks frameworks to (again every second: a
    /// master gives no answer for tasks on agents that have not re-registered yet), and waits
    /// for an answer in `state` for each.
    func expectReconciled(_ tasks: [String], as state: Mesos.TaskState, within seconds: Double = 30) async throws {
        let before = await self.log.updates.count
        var asked = ContinuousClock.now - .seconds(1)
        try await eventually("reconciliation to answer \(state.name) for \(tasks)", within: seconds) {
            if ContinuousClock.now - asked >= .seconds(1) {
                try await self.driver.reconcile(tasks.map { ReconcileTask(TaskID($0)) })
                asked = .now
            }
            let answers = await self.log.updates.dropFirst(before).filter { $0.reason == .reconciliation && $0.state == state }
            return Set(answers.map(\.taskID.value)).isSuperset(of: tasks)
        }
    }
}

/// Runs `body` against a fresh HA cluster and always stops it; its logs are kept when
/// `body` throws (or always, with `AGORA_TEST_KEEP_LOGS=1`).
func withHACluster(_ name: String, agents: Int = 0, _ body: (HACluster) async throws -> Void) async throws {
    let cluster = try await HACluster(name: name)
    do {
        for _ in 0..<agents { try await cluster.addAgent() }
        try await body(cluster)
        await cluster.stop()
        Paths.discardScratch(cluster.directory)
    } catch {
        await cluster.stop()
        Issue.record("cluster logs in \(cluster.directory)")
        throw error
    }
}
