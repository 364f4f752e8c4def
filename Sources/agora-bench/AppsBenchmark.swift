import AgoraPosix
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Starts `agora dev` (master, agents and the apps framework, the `agora` binary next to
/// this one), posts one app of `--instances` instances of `sleep 3600`, and measures the
/// time from the POST until `/v2/apps` shows every instance RUNNING, then the latency of
/// `/v2/apps?embed=apps.tasks` with those tasks.
struct AppsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apps", abstract: "Time an app deployment and the apps list.")

    @Option(help: "Instances of the app.") var instances = 500
    @Option(help: "Agents of the dev cluster.") var agents = 4
    @Option(help: "List requests to time.") var listRequests = 200

    func validate() throws {
        guard self.instances > 0, self.agents > 0, self.listRequests > 0 else {
            throw ValidationError("--instances, --agents and --list-requests must be positive")
        }
    }

    func run() async throws {
        let dev = try await DevCluster.start(agents: self.agents)
        print("agora dev: apps \(dev.apps), \(self.agents) agent(s), logs in \(dev.directory)")
        do {
            let result = try await self.measure(dev)
            await dev.stop()
            print(result)
        } catch {
            await dev.stop()
            throw error
        }
    }

    private func measure(_ dev: DevCluster) async throws -> String {
        let api = "http://\(dev.apps)"
        let app = #"{"id":"/bench","cmd":"sleep 3600","instances":\#(self.instances),"cpus":0.001,"mem":1,"disk":0,"portDefinitions":[]}"#
        let started = ContinuousClock.now
        let created = try await BenchHTTP.send("POST", "\(api)/v2/apps", body: app)
        guard created.status == 201 else { throw BenchError("POST /v2/apps answered \(created.status): \(created.body)") }
        var polls = 0
        while true {
            polls += 1
            let list = try await BenchHTTP.send("GET", "\(api)/v2/apps")
            guard list.status == 200 else { throw BenchError("GET /v2/apps answered \(list.status): \(list.body.prefix(200))") }
            if try Self.running(list.body) == self.instances { break }
            guard ContinuousClock.now - started < .seconds(300) else { throw BenchError("not all instances running after 300 s") }
            try await Task.sleep(for: .milliseconds(5))
        }
        let deploySeconds = (ContinuousClock.now - started).milliseconds / 1000
        print("deployed \(self.instances) instances in \(format3(deploySeconds)) s (\(polls) polls of /v2/apps)")
        var latencies: [Double] = []
        var bytes = 0
        for _ in 0..<self.listRequests {
            let start = ContinuousClock.now
            let list = try await BenchHTTP.send("GET", "\(api)/v2/apps?embed=apps.tasks")
            latencies.append((ContinuousClock.now - start).milliseconds)
            bytes = list.body.utf8.count
        }
        let percentiles = Percentiles(latencies)
        print("/v2/apps?embed=apps.tasks: \(bytes) bytes, p50 \(format3(percentiles.value(0.5))) ms, p99 \(format3(percentiles.value(0.99))) ms")
        return #"{"instances":\#(self.instances),"agents":\#(self.agents),"deploy_seconds":\#(format3(deploySeconds)),"#
            + #""list_p50_ms":\#(format3(percentiles.value(0.5))),"list_p99_ms":\#(format3(percentiles.value(0.99))),"list_bytes":\#(bytes)}"#
    }

    /// `tasksRunning` of the one app in a `/v2/apps` body; a body that is not `/v2/apps`'s
    /// JSON stops the benchmark with what it was, instead of polling it for 300 s.
    static func running(_ body: String) throws -> Int? {
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        guard let apps = object?["apps"] as? [[String: Any]] else { throw BenchError("GET /v2/apps answered \(body.prefix(200))") }
        return apps.first?["tasksRunning"] as? Int
    }
}

/// `agora dev` as a process, with every agent's share of a big made-up machine.
struct DevCluster {
    let apps: String
    let directory: String
    let pid: pid_t

    static func start(agents: Int) async throws -> DevCluster {
        let (pid, directory) = try DevProcess.spawnDev("apps", [
            "--apps-port", "0", "--no-jobs", "--agents", String(agents), "--resources", "cpus:64;mem:65536;disk:65536;ports:[31000-32000]",
        ])
        do {
            return try await Self.waitUntilUp(pid: pid, agents: agents, directory: directory)
        } catch {
            kill(pid, SIGINT)
            _ = await ProcessReaper.shared.waitForExit(of: pid)
            throw error
        }
    }

    private static func waitUntilUp(pid: pid_t, agents: Int, directory: String) async throws -> DevCluster {
        let apps = try await BenchCluster.address(of: "apps", in: "\(directory)/dev.out")
        let master = try await BenchCluster.address(of: "master", in: "\(directory)/dev.out")
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let state = try await BenchHTTP.send("GET", "http://\(master)/master/state")
            let object = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
            let frameworks = object?["frameworks"] as? [Any] ?? []
            if object?["activated_slaves"] as? Int == agents && frameworks.count == 1 {
                return DevCluster(apps: apps, directory: directory, pid: pid)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("the dev cluster did not come up; see \(directory)")
    }

    /// Ctrl-C: `agora dev` stops everything, tasks included.
    func stop() async {
        kill(self.pid, SIGINT)
        _ = await ProcessReaper.shared.waitForExit(of: self.pid)
    }
}

/// One HTTP exchange at a time, for benchmarks.
enum BenchHTTP {
    static func send(_ method: String, _ url: String, body: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: 256 << 20)
        return (Int(response.status.code), String(buffer: collected))
    }
}
