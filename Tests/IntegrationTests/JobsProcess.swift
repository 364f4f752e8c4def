import AgoraTestKit
import Foundation
import Testing

/// `agora jobs` as a real process against a test cluster, with JSON helpers for its APIs.
final class JobsProcess: Sendable {
    let process: ServerProcess
    /// `host:port` it listens on.
    let address: String
    let arguments: [String]

    /// Starts `agora jobs --master <master> --port <port>` with its state in `workDir`.
    init(master: String, directory: String, name: String = "jobs", port: Int = 0, extra: [String] = ["--failure-retry", "1s"]) async throws {
        self.arguments = ["jobs", "--master", master, "--port", String(port), "--work-dir", "\(directory)/jobs-state"] + LocalCluster.logLevel + extra
        self.process = try ServerProcess(self.arguments, name: name, logDirectory: directory)
        self.address = try await self.process.address(of: "jobs")
    }

    var url: String { "http://\(self.address)" }

    /// Sends a request; the body is JSON text.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> HTTPExchange {
        let headers = body == nil ? [:] : ["Content-Type": "application/json"]
        return try await http(method, self.url + path, headers: headers, body: Array((body ?? "").utf8))
    }

    /// GETs a JSON value (object or array).
    func get(_ path: String) async throws -> Any {
        let exchange = try await self.call("GET", path)
        guard exchange.status == 200 else { throw UnexpectedStatus(path: path, exchange: exchange) }
        return try JSONSerialization.jsonObject(with: Data(exchange.body.utf8))
    }

    /// The Chronos job named `name`, from `GET /v1/scheduler/jobs`; nil while the instance
    /// answers 503 (a new leader still loading its state), so bounded waits keep polling.
    func chronosJob(_ name: String) async throws -> [String: Any]? {
        let exchange = try await self.call("GET", "/v1/scheduler/jobs")
        if exchange.status == 503 { return nil }
        guard exchange.status == 200 else { throw UnexpectedStatus(path: "/v1/scheduler/jobs", exchange: exchange) }
        let jobs = try JSONSerialization.jsonObject(with: Data(exchange.body.utf8)) as? [[String: Any]] ?? []
        return jobs.first { $0["name"] as? String == name }
    }

    /// The run history of a job (Agora's `runHistory` in Chronos's job stat), oldest first.
    func runHistory(_ name: String) async throws -> [[String: Any]] {
        let stat = try await self.get("/v1/scheduler/job/stat/\(name)") as? [String: Any]
        return ((stat?["runHistory"] as? [[String: Any]]) ?? []).reversed()
    }

    /// Stops the process unless a test already killed it.
    func stop() async {
        guard self.process.isAlive else { return }
        await self.process.stop()
    }
}

struct UnexpectedStatus: Error, CustomStringConvertible {
    let path: String
    let exchange: HTTPExchange
    var description: String { "\(self.path): HTTP \(self.exchange.status) \(self.exchange.body)" }
}

/// A cluster (master + one agent) with the jobs framework; logs kept when the body fails.
func withJobs(_ name: String, _ body: (LocalCluster, JobsProcess) async throws -> Void) async throws {
    try await withCluster(name) { cluster in
        let jobs = try await JobsProcess(master: cluster.masterAddress, directory: cluster.directory)
        do {
            try await body(cluster, jobs)
            await jobs.stop()
        } catch {
            await jobs.stop()
            throw error
        }
    }
}
