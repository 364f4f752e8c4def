import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `agora dev`: one process, a whole cluster; Ctrl-C takes every task down with it.
@Suite(.serialized) struct DevClusterTests {
    @Test func devRunsAClusterAndCtrlCKillsItsTasks() async throws {
        let directory = Paths.scratch("dev")
        let dev = try ServerProcess(
            ["dev", "--master-port", "0", "--agent-port", "0", "--jobs-port", "0", "--apps-port", "0", "--agents", "2", "--work-dir", directory + "/work",
             "--resources", "cpus:1;mem:512;disk:100;ports:\(TaskPorts.range(11))"],
            name: "dev", logDirectory: directory)
        do {
            let master = try await dev.address(of: "master")
            let apps = try await dev.address(of: "apps")
            try await eventually("the apps framework to register") {
                (try await getJSON("http://\(master)/master/state")["frameworks"] as? [[String: Any]])?.contains { $0["name"] as? String == "marathon" } == true
            }
            #expect((try await getJSON("http://\(apps)/v2/info"))["elected"] as? Bool == true)
            try await eventually("both agents to register") {
                try await getJSON("http://\(master)/master/state")["activated_slaves"] as? Int == 2
            }
            let agentLines = dev.stdout.split(separator: "\n").filter { $0.hasPrefix("agora agent listening on") }
            #expect(Set(agentLines).count == 2, "each agent on its own port: \(agentLines)")

            let framework = try await TestFramework(master: master)
            try await framework.launch([(id: "long-1", command: "sleep 300"), (id: "long-2", command: "sleep 300")], cpus: 0.6)
            for id in ["long-1", "long-2"] { try await framework.waitFor(.taskRunning, of: id) }
            let agents = Set(await ["long-1", "long-2"].asyncMap { await framework.log.latest($0)?.agentID.value })
            #expect(agents.count == 2, "0.6 cpus each only fit one per agent")
            for index in 0..<2 {
                #expect(FileManager.default.fileExists(atPath: "\(directory)/work/agent-\(index)/slaves"))
            }
            let tasks = dev.descendants
            #expect(tasks.count >= 4, "two executors and two sleeps: \(tasks)")
            await framework.stop(teardown: false)

            dev.signal(SIGINT)
            try await eventually("agora dev to exit", within: 15) { !dev.isAlive }
            #expect(await dev.waitForExit() == 0)
            try await eventually("no task to outlive agora dev", within: 5) { !tasks.contains(where: ServerProcess.isRunning) }
            Paths.discardScratch(directory)
        } catch {
            await dev.stop()
            Issue.record("logs in \(directory)")
            throw error
        }
    }
}

extension DevClusterTests {
    @Test func devAgentsSplitTheMachineInsteadOfEachClaimingAll() async throws {
        let directory = Paths.scratch("devsplit")
        let dev = try ServerProcess(
            ["dev", "--master-port", "0", "--agent-port", "0", "--no-jobs", "--no-apps", "--agents", "2", "--work-dir", directory + "/work"],
            name: "dev", logDirectory: directory)
        let master: String
        let agents: [[String: Any]]
        do {
            master = try await dev.address(of: "master")
            agents = try await Self.registeredAgents(2, master: master)
        } catch {
            await dev.stop()
            throw error
        }
        let resources = agents.compactMap { $0["resources"] as? [String: Any] }
        let cpus = resources.compactMap { $0["cpus"] as? Double }
        let machine = Double(ProcessInfo.processInfo.activeProcessorCount)
        #expect(cpus.count == 2 && abs(cpus.reduce(0, +) - machine) < 0.01, "cpus \(cpus) should add up to \(machine)")
        let ports = Set(resources.compactMap { $0["ports"] as? String })
        #expect(ports.count == 2, "each agent has its own ports: \(ports)")
        await dev.stop()
        Paths.discardScratch(directory)
    }
}

extension DevClusterTests {
    /// Agents on one host given `--resources` keep their scalars but split the ports: two of
    /// them offering one port gave two tasks the same port.
    @Test func devAgentsGivenResourcesEachGetTheirOwnPorts() async throws {
        let directory = Paths.scratch("devports")
        let given = TaskPorts.range(10)
        let dev = try ServerProcess(
            ["dev", "--master-port", "0", "--agent-port", "0", "--no-jobs", "--no-apps", "--agents", "2", "--work-dir", directory + "/work",
             "--resources", "cpus:1;mem:512;disk:100;ports:\(given)"],
            name: "dev", logDirectory: directory)
        let agents: [[String: Any]]
        do {
            let master = try await dev.address(of: "master")
            agents = try await Self.registeredAgents(2, master: master)
        } catch {
            await dev.stop()
            throw error
        }
        let resources = agents.compactMap { $0["resources"] as? [String: Any] }
        #expect(resources.compactMap { $0["cpus"] as? Double } == [1, 1], "each agent keeps the cpus given")
        let first = Int(given.dropFirst().prefix { $0 != "-" })!
        let ports = Set(resources.compactMap { $0["ports"] as? String })
        #expect(ports == ["[\(first)-\(first + 4)]", "[\(first + 5)-\(first + 9)]"], "each agent has half the ports: \(ports)")
        await dev.stop()
        Paths.discardScratch(directory)
    }
}

extension DevClusterTests {
    /// The master's agents, once `count` have registered.
    static func registeredAgents(_ count: Int, master: String) async throws -> [[String: Any]] {
        try await eventuallyValue("\(count) agents to register") { () -> [[String: Any]]? in
            let agents = try await getJSON("http://\(master)/master/state")["slaves"] as? [[String: Any]] ?? []
            return agents.count == count ? agents : nil
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}
