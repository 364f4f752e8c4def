import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An `agora apps` process against a test cluster's master.
func startApps(_ cluster: LocalCluster, name: String = "apps", workDir: String? = nil, flags: [String] = []) async throws -> (ServerProcess, String) {
    let apps = try ServerProcess(
        ["apps", "--master", cluster.masterAddress, "--port", "0", "--work-dir", workDir ?? "\(cluster.directory)/apps"] + flags,
        name: name, logDirectory: cluster.directory)
    return (apps, try await apps.address(of: "apps"))
}

/// Runs `body` with an `agora apps` process against the cluster's master; stops it after.
func withApps(
    _ cluster: LocalCluster, name: String = "apps", workDir: String? = nil, _ body: (ServerProcess, MarathonAPI) async throws -> Void
) async throws {
    let (apps, address) = try await startApps(cluster, name: name, workDir: workDir)
    do {
        try await body(apps, MarathonAPI(address: address))
        await apps.stop()
    } catch {
        await apps.stop()
        throw error
    }
}

/// The Marathon API of one apps server, for tests.
struct MarathonAPI {
    let address: String

    /// Sends a request; returns the status and the body parsed as JSON (nil when empty).
    @discardableResult
    func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: Any?) {
        let exchange = try await http(
            method, "http://\(self.address)\(path)", headers: body == nil ? [:] : ["Content-Type": "application/json"],
            body: Array((body ?? "").utf8))
        let json = exchange.body.isEmpty ? nil : try JSONSerialization.jsonObject(with: Data(exchange.body.utf8), options: [.fragmentsAllowed])
        return (exchange.status, json)
    }

    /// `GET /v2/apps/{id}`'s app.
    func app(_ id: String) async throws -> [String: Any] {
        let (status, json) = try await self.call("GET", "/v2/apps\(id)")
        guard status == 200, let app = (json as? [String: Any])?["app"] as? [String: Any] else {
            throw UnexpectedAnswer(what: "GET /v2/apps\(id)", status: status, body: String(describing: json))
        }
        return app
    }

    /// The app's tasks as `(id, host, port)`.
    func tasks(_ id: String) async throws -> [(id: String, host: String, port: Int)] {
        let tasks = try await self.app(id)["tasks"] as? [[String: Any]] ?? []
        return tasks.compactMap { task in
            guard let taskID = task["id"] as? String, let host = task["host"] as? String, let port = (task["ports"] as? [Int])?.first else { return nil }
            return (taskID, host, port)
        }
    }

    /// Running deployments.
    func deployments() async throws -> [[String: Any]] {
        try await self.call("GET", "/v2/deployments").json as? [[String: Any]] ?? []
    }

    /// Waits until the app has `count` running and healthy tasks and no deployment.
    func waitForHealthy(_ id: String, _ count: Int, within seconds: Double = 60) async throws {
        try await eventually("\(count) healthy tasks of \(id)", within: seconds) {
            let app = try await self.app(id)
            let deployments = app["deployments"] as? [Any] ?? []
            return app["tasksRunning"] as? Int == count && app["tasksHealthy"] as? Int == count && deployments.isEmpty
        }
    }
}

struct UnexpectedAnswer: Error, CustomStringConvertible {
    let what: String
    let status: Int
    let body: String
    var description: String { "\(self.what): \(self.status) \(self.body)" }
}

/// GETs `http://host:port/path` and returns the body, or nil when nothing answers.
func fetch(_ host: String, _ port: Int, _ path: String) async -> String? {
    do {
        let exchange = try await http("GET", "http://\(host):\(port)/\(path)")
        return exchange.status == 200 ? exchange.body.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    } catch {
        return nil
    }
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
func isListening(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    return result == 0
}

/// The pid of a process whose command line contains every one of `words`.
func processID(matching words: [String]) -> pid_t? {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
        guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
        let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        if words.allSatisfy({ line.contains($0) }) { return pid }
    }
    return nil
}
