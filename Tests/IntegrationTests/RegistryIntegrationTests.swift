import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import StateStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A single master's SQLite registry: what a restarted master remembers, and what it does
/// not pretend to know.
@Suite(.serialized) struct RegistryIntegrationTests {
    @Test func aRestartedMasterDoesNotAnswerForTasksOnAgentsThatHaveNotComeBack() async throws {
        try await withCluster("registry-wait", masterPort: freePort()) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress, name: "patient", capabilities: [.partitionAware])
            try await framework.launch([(id: "kept", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "kept")
            let agentID = try #require(await framework.log.latest("kept")).agent
            let agent = cluster.agents[0]
            await cluster.killMaster()
            agent.signal(SIGSTOP)
            defer { agent.signal(SIGCONT) }
            try await cluster.restartMaster()
            try await eventually("the framework to re-subscribe") { await framework.log.resubscriptions >= 1 }
            let before = await framework.log.updates.count
            // The probe names an agent the master never knew, so it is answered at once; the
            // stream is ordered, so an answer for "kept" would come before it.
            try await framework.driver.reconcile([ReconcileTask("kept", agentID: agentID), ReconcileTask("probe", agentID: "no-such-agent")])
            try await eventually("the probe's answer") { await framework.log.latest("probe") != nil }
            let answers = await framework.log.updates.dropFirst(before).map(\.taskID.value)
            #expect(!answers.contains("kept"), "a master must not answer for a task on an agent that has not re-registered")
            let state = try await cluster.masterJSON("/master/state")
            #expect((state["recovered_slaves"] as? [[String: Any]])?.first?["id"] as? String == agentID?.value)
            agent.signal(SIGCONT)
            try await framework.expectReconciled(["kept"], as: .taskRunning)
            await framework.stop()
        }
    }

    @Test func aTornDownFrameworkStaysRemovedAcrossARestart() async throws {
        try await withCluster("registry-removed", masterPort: freePort()) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress, name: "gone")
            try await framework.subscribed()
            let id = try #require(await framework.driver.frameworkID)
            await framework.stop(teardown: true)
            await cluster.killMaster()
            try await cluster.restartMaster()
            let again = try await TestFramework(master: cluster.masterAddress, name: "gone", id: id)
            try await eventually("the master to refuse the removed framework") {
                await again.log.errors.contains("Framework has been removed")
            }
            await #expect(throws: SchedulerError.removed) { try await again.driver.waitUntilSubscribed() }
            await again.stop(teardown: false)
        }
    }

    @Test func badZooKeeperURLsAndUnreachableEnsemblesStopTheMaster() async throws {
        let directory = Paths.scratch("registry-bad")
        let malformed = try ServerProcess(["master", "--port", "0", "--zk", "zk://127.0.0.1:2181"], name: "malformed", logDirectory: directory)
        #expect(await malformed.waitForExit() != 0)
        #expect(malformed.stderr.contains("malformed zk:// URL 'zk://127.0.0.1:2181': missing path"), "\(malformed.stderr)")
        let port = freePort()
        let unreachable = try ServerProcess(
            ["master", "--port", "0", "--zk", "zk://127.0.0.1:\(port)/agora", "--zk-session-timeout", "1s"],
            name: "unreachable", logDirectory: directory)
        #expect(await unreachable.waitForExit() != 0)
        #expect(unreachable.stderr.contains("cannot reach ZooKeeper at zk://127.0.0.1:\(port)/agora"), "\(unreachable.stderr)")
        Paths.discardScratch(directory)
    }

    @Test func aRegistryFromANewerAgoraIsRefusedAndLeftAlone() async throws {
        let directory = Paths.scratch("registry-future")
        let path = "\(directory)/work/registry.db"
        let store = try SQLiteStateStore(path: path)
        try await store.apply([.put(key: "format", value: Array(#"{"version":99}"#.utf8))], namespace: "registry")
        try store.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let master = try ServerProcess(["master", "--port", "0", "--work-dir", "\(directory)/work"], name: "master", logDirectory: directory)
        #expect(await master.waitForExit() != 0)
        #expect(master.stderr.contains("written in format 99, this master reads format 1"), "\(master.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "a refused registry must not be changed")
        Paths.discardScratch(directory)
    }
}
