import AgoraTestKit
import Foundation
import Testing

/// An `agora dev` cluster (master, one agent, the apps and jobs frameworks) on free ports,
/// as a new user starts it, for the CLI tests.
struct DevCluster {
    let process: ServerProcess
    let directory: String
    let master: String
    let apps: String
    let jobs: String

    /// Flags every `agora` command of a test needs to find this cluster.
    var endpoints: [String] { ["--master", self.master, "--apps", "http://" + self.apps, "--jobs", "http://" + self.jobs] }

    /// Runs the real `agora` binary against this cluster.
    func agora(_ arguments: [String], within seconds: Double = 30) async throws -> CLIResult {
        try await runCLI(arguments + self.endpoints, in: self.directory, within: seconds)
    }
}

/// Starts `agora dev`, waits until both frameworks lead, runs `body`, stops it; keeps the
/// logs when `body` fails.
func withDev(_ name: String, resources: String = TaskPorts.resources(mem: 1024, ports: 51), _ body: (DevCluster) async throws -> Void) async throws {
    let directory = Paths.scratch(name)
    let process = try ServerProcess(
        ["dev", "--master-port", "0", "--agent-port", "0", "--apps-port", "0", "--jobs-port", "0", "--agents", "1",
         "--work-dir", directory + "/work", "--resources", resources],
        name: "dev", logDirectory: directory)
    do {
        let dev = DevCluster(
            process: process, directory: directory, master: try await process.address(of: "master"),
            apps: try await process.address(of: "apps"), jobs: try await process.address(of: "jobs"))
        try await eventually("both frameworks to register and the agent to join", within: 30) {
            let state = try await getJSON("http://\(dev.master)/master/state")
            let names = Set((state["frameworks"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            return names.count >= 2 && state["activated_slaves"] as? Int == 1
        }
        try await body(dev)
        await process.stop()
        Paths.discardScratch(directory)
    } catch {
        await process.stop()
        Issue.record("agora dev logs in \(directory)")
        throw error
    }
}

extension DevCluster {
    /// Writes `json` to a file in the cluster's directory; returns its path.
    func file(_ name: String, _ json: String) throws -> String {
        let path = self.directory + "/" + name
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `agora app show ID -o json`, parsed.
    func app(_ id: String) async throws -> [String: Any] {
        let show = try await self.agora(["app", "show", id, "-o", "json"])
        #expect(show.status == 0, "\(show.stderr)")
        return try #require(try show.json() as? [String: Any])
    }
}

extension DevCluster {
    /// Waits until no deployment runs (a change while one does is refused, as Marathon does).
    func settled() async throws {
        try await eventually("the deployments to finish", within: 30) {
            (try await self.agora(["deployments", "-o", "json"]).json() as? [Any])?.isEmpty == true
        }
    }
}
