import AgoraPosix
import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// `agora dev` (master, agent, jobs) as a process on free ports, for the jobs benchmark;
/// `spawnDev` starts it for the apps benchmark too.
struct DevProcess {
    let pid: pid_t
    let directory: String
    let jobsURL: String

    static func start() async throws -> DevProcess {
        let (pid, directory) = try Self.spawnDev(
            "jobs", ["--jobs-port", "0", "--no-apps", "--resources", "cpus:32;mem:32768;disk:65536;ports:[31000-32000]"])
        do {
            let jobs = try await BenchCluster.address(of: "jobs", in: "\(directory)/dev.out")
            return DevProcess(pid: pid, directory: directory, jobsURL: "http://" + jobs)
        } catch {
            kill(pid, SIGTERM)
            _ = await ProcessReaper.shared.waitForExit(of: pid)
            throw error
        }
    }

    /// Spawns `agora dev` (master and agent on free ports, state in a fresh directory named
    /// after `benchmark`) with `flags`; its output goes to `dev.out` and `dev.err` there.
    static func spawnDev(_ benchmark: String, _ flags: [String]) throws -> (pid: pid_t, directory: String) {
        let directory = NSTemporaryDirectory() + "agora-bench-\(benchmark)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let binary = BenchCluster.agoraBinary
        let arguments = [binary, "dev", "--master-port", "0", "--agent-port", "0", "--log-level", "warning", "--work-dir", "\(directory)/work"]
        let pid = try Spawner.spawn(SpawnRequest(
            executable: binary, arguments: arguments + flags, environment: ProcessInfo.processInfo.environment,
            workingDirectory: directory, stdoutPath: "\(directory)/dev.out", stderrPath: "\(directory)/dev.err", newSession: true))
        return (pid, directory)
    }

    /// POSTs JSON; throws unless the answer is 2xx.
    func post(_ path: String, _ body: String) async throws {
        var request = HTTPClientRequest(url: self.jobsURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard (200..<300).contains(response.status.code) else { throw BenchError("POST \(path): \(response.status) \(text)") }
    }

    /// A job's runs from `job/stat`'s `runHistory`: due instant, TASK_RUNNING instant, success.
    func runs(of name: String) async throws -> [(due: Int64, running: Int64?, success: Bool)] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: self.jobsURL + "/v1/scheduler/job/stat/\(name)"), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        let stat = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        let history = stat?["runHistory"] as? [[String: Any]] ?? []
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func millis(_ key: String, _ entry: [String: Any]) -> Int64? {
            (entry[key] as? String).flatMap(formatter.date).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        }
        return history.filter { $0["runId"] != nil && $0["trigger"] as? String == "schedule" }.compactMap { entry in
            millis("dueTime", entry).map { (due: $0, running: millis("startTime", entry), success: entry["status"] as? String == "SUCCESS") }
        }
    }

    func stop() async {
        kill(self.pid, SIGTERM)
        _ = await ProcessReaper.shared.waitForExit(of: self.pid)
    }
}
