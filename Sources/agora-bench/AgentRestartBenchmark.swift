import AgoraPosix
import AgoraSDK
import ArgumentParser
import AsyncHTTPClient
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILLs an agent running `--tasks` tasks of a checkpointing framework, starts it again,
/// and times its recovery: from the restart until the master shows the re-registered agent
/// with every task TASK_RUNNING on it. Last line: `{"tasks":…,"recovered_ms":…,"tasks_lost":…}`.
struct AgentRestartBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agent-restart", abstract: "Time an agent's recovery after SIGKILL.")

    @Option(help: "Running tasks when the agent is killed.") var tasks = 200
    @Option(help: "Restarts to time, one after the other, with the same tasks.") var restarts = 1
    @Option(help: "The agent's --isolation (default: the agent's default).") var isolation: String?

    func validate() throws {
        guard self.tasks > 0, self.restarts > 0 else { throw ValidationError("--tasks and --restarts must be positive") }
    }

    func run() async throws {
        let flags = self.isolation.map { ["--isolation", IsolationComparison.agentFlag($0)] } ?? []
        var cluster = try await BenchCluster.start(agents: 1, agentFlags: flags)
        print("cluster: master \(cluster.master), logs in \(cluster.directory)")
        do {
            let framework = try RunningTasks(master: cluster.master, tasks: self.tasks)
            try await framework.start()
            print("\(self.tasks) tasks running")
            var timings: [Double] = []
            for attempt in 1...self.restarts {
                let master = MasterView(master: cluster.master)
                let previous = try await master.reregisteredTime()
                await cluster.killAgent(0)
                let restarted = ContinuousClock.now
                try await cluster.restartAgent(0, attempt: attempt)
                try await master.waitForRecovery(tasks: self.tasks, reregisteredOtherThan: previous)
                let elapsed = (ContinuousClock.now - restarted).milliseconds
                timings.append(elapsed)
                print("restart \(attempt): recovered in \(format3(elapsed)) ms")
            }
            let lost = await framework.lost
            await framework.stop()
            // The executors of a checkpointing framework outlive a stopped agent: let the
            // teardown end them first.
            try await MasterView(master: cluster.master).waitForNoContainers(agent: cluster.agentAddresses[0])
            await cluster.stop()
            let list = "[" + timings.map(format3).joined(separator: ",") + "]"
            print("{\"tasks\":\(self.tasks),\"recovered_ms\":\(format3(timings.max() ?? 0)),\"tasks_lost\":\(lost),"
                + "\"restarts\":\(self.restarts),\"recovered_ms_each\":\(list)}")
        } catch {
            await cluster.stop()
            throw error
        }
    }
}

/// What the master says, polled over HTTP.
struct MasterView {
    let master: String

    /// The only agent's `reregistered_time` (nil until it re-registers once).
    func reregisteredTime() async throws -> Double? {
        let agents = try await self.state()["slaves"] as? [[String: Any]] ?? []
        return agents.first?["reregistered_time"] as? Double
    }

    /// Waits (bounded, 60 s) until the only agent re-registered anew (its
    /// `reregistered_time` is no longer `previous`) and is active, with `tasks` tasks
    /// TASK_RUNNING on it.
    func waitForRecovery(tasks: Int, reregisteredOtherThan previous: Double?) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let state = try await self.state()
            let agents = state["slaves"] as? [[String: Any]] ?? []
            if let agent = agents.first, agent["active"] as? Bool == true,
                let reregistered = agent["reregistered_time"] as? Double, reregistered != previous
            {
                let id = agent["id"] as? String
                let running = (state["frameworks"] as? [[String: Any]] ?? []).flatMap { $0["tasks"] as? [[String: Any]] ?? [] }
                    .filter { $0["state"] as? String == "TASK_RUNNING" && $0["slave_id"] as? String == id }
                if running.count == tasks { return }
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw BenchError("the master did not show the agent re-registered with \(tasks) running tasks within 60 s")
    }

    /// Waits (bounded, 60 s) until the agent at `agent` runs no container.
    func waitForNoContainers(agent: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard let containers = try await Self.get("http://\(agent)/monitor/statistics") as? [Any] else {
                throw BenchError("/monitor/statistics is not a JSON array")
            }
            if containers.isEmpty { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("the agent still runs containers 60 s after the framework's teardown")
    }

    func state() async throws -> [String: Any] {
        guard let object = try await Self.get("http://\(self.master)/master/state") as? [String: Any] else {
            throw BenchError("/master/state is not a JSON object")
        }
        return object
    }

    private static func get(_ url: String) async throws -> Any {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 256 << 20)
        return try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    }
}
