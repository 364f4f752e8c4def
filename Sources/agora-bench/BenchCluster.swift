import AgoraPosix
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A master and agents started as real processes for a benchmark.
struct BenchCluster {
    let master: String
    let directory: String
    private(set) var pids: [pid_t]
    /// Each agent's arguments and address, to restart it on the same port.
    private(set) var agentArguments: [[String]] = []
    private(set) var agentAddresses: [String] = []

    /// `agora` next to this executable.
    static var agoraBinary: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("agora").path
    }

    /// The executor agents start: `agora-executor` next to `agora`.
    static var executorBinary: String {
        URL(fileURLWithPath: Self.agoraBinary).deletingLastPathComponent().appendingPathComponent("agora-executor").path
    }

    /// Starts a master and `agents` agents with `agentFlags` added to theirs.
    static func start(agents: Int, agentFlags: [String] = []) async throws -> BenchCluster {
        let directory = NSTemporaryDirectory() + "agora-bench-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let binary = Self.agoraBinary
        let master = try Self.spawn(binary, ["master", "--port", "0", "--log-level", "warning"], name: "master", in: directory)
        let address = try await Self.address(of: "master", in: "\(directory)/master.out")
        var cluster = BenchCluster(master: address, directory: directory, pids: [master])
        for index in 0..<agents {
            let arguments = [
                "agent", "--master", address, "--log-level", "warning", "--work-dir", "\(directory)/agent-\(index)",
                "--resources", "cpus:64;mem:65536;disk:65536;ports:[31000-32000]",
            ] + agentFlags
            cluster.pids.append(try Self.spawn(binary, arguments + ["--port", "0"], name: "agent-\(index)", in: directory))
            cluster.agentArguments.append(arguments)
            cluster.agentAddresses.append(try await Self.address(of: "agent", in: "\(directory)/agent-\(index).out"))
        }
        return cluster
    }

    /// SIGKILLs agent `index` and waits for it to be gone.
    mutating func killAgent(_ index: Int) async {
        kill(self.pids[index + 1], SIGKILL)
        _ = await ProcessReaper.shared.waitForExit(of: self.pids[index + 1])
    }

    /// Starts agent `index` again on its port and work directory (it recovers from its
    /// checkpoint); returns once it listens.
    mutating func restartAgent(_ index: Int, attempt: Int) async throws {
        let port = self.agentAddresses[index].split(separator: ":").last.map(String.init) ?? "0"
        let name = "agent-\(index)-restarted-\(attempt)"
        self.pids[index + 1] = try Self.spawn(Self.agoraBinary, self.agentArguments[index] + ["--port", port], name: name, in: self.directory)
        _ = try await Self.address(of: "agent", in: "\(self.directory)/\(name).out")
    }

    /// CPU seconds (user + system) of a process, and of its reaped children, from /proc.
    static func cpuSeconds(_ pid: pid_t) -> (own: Double, children: Double) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return (0, 0)
        }
        let fields = stat[stat.index(after: close)...].split(separator: " ").compactMap { Double($0) }
        // After the command: state(skipped, not numeric) ... utime is field 14 overall.
        guard fields.count > 14 else { return (0, 0) }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((fields[10] + fields[11]) / ticks, (fields[12] + fields[13]) / ticks)
    }

    /// CPU used so far by the master, the agents, and the executors and tasks they reaped.
    func cpuUsage() -> (master: Double, agents: Double, executors: Double) {
        let master = Self.cpuSeconds(self.pids[0]).own
        let agents = self.pids.dropFirst().map(Self.cpuSeconds)
        return (master, agents.reduce(0) { $0 + $1.own }, agents.reduce(0) { $0 + $1.children })
    }

    /// Stops the servers, agents first so they kill their tasks. The run's files stay (their path
    /// is printed): deleting thousands of sandboxes slows file creation in the same directory
    /// for minutes on a journal-less ext4, which would skew the next run (docs/performance.md).
    func stop() async {
        for pid in self.pids.reversed() {
            kill(pid, SIGTERM)
            _ = await ProcessReaper.shared.waitForExit(of: pid)
        }
    }

    static func spawn(_ binary: String, _ arguments: [String], name: String, in directory: String) throws -> pid_t {
        try Spawner.spawn(SpawnRequest(
            executable: binary, arguments: [binary] + arguments, environment: ProcessInfo.processInfo.environment,
            workingDirectory: directory, stdoutPath: "\(directory)/\(name).out", stderrPath: "\(directory)/\(name).err"))
    }

    /// Waits (bounded) for the `agora <role> listening on http://...` line.
    static func address(of role: String, in file: String) async throws -> String {
        let marker = "agora \(role) listening on http://"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) {
                return String(line.dropFirst(marker.count))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("\(role) did not start; see \(file)")
    }
}
