import AgoraPosix
import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// `agora dev` (master, agent, jobs) as a process on free ports, for the jobs benchmark.
struct DevProcess {
    let pid: pid_t
    let directory: String
    let jobsURL: String

    static func start() async throws -> DevProcess {
        let directory = NSTemporaryDirectory() + "agora-bench-jobs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let binary = BenchCluster.agoraBinary
        let pid = try Spawner.spawn(SpawnRequest(
            executable: binary,
            arguments: [binary, "dev", "--master-port", "0", "--agent-port", "0", "--jobs-port", "0", "--no-apps", "--log-level", "warning",
                        "--work-dir", "\(directory)/dev", "--resources", "cpus:32;mem:32768;disk:65536;ports:[31000-32000]"],
            environment: ProcessInfo.processInfo.environment, workingDirectory: directory,
            stdoutPath: "\(directory)/dev.out", stderrPath: "\(directory)/dev.err"))
        let marker = "agora jobs listening on "
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: "\(directory)/dev.out", encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) {
                return DevProcess(pid: pid, directory: directory, jobsURL: String(line.dropFirst(marker.count)))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGTERM)
        _ = await ProcessReaper.shared.waitForExit(of: pid)
        throw BenchError("agora dev did not start the jobs framework; see \(directory)/dev.err")
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
