import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

/// A Python fixture script run with the test virtualenv's interpreter (pymesos, kazoo).
struct PythonFixture {
    static let python = Paths.packageRoot + "/.build-python/bin/python"
    let script: String
    let arguments: [String]
    let output: String

    init(_ name: String, _ arguments: [String], in directory: String) {
        self.script = Paths.packageRoot + "/Tests/IntegrationTests/Fixtures/\(name)"
        self.arguments = arguments
        self.output = "\(directory)/\(name).out"
    }

    /// Starts the script; its stdout goes to `output`, its stderr beside it.
    func start() throws -> pid_t {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python), "run scripts/install-prerequisites to install the venv")
        return try Spawner.spawn(SpawnRequest(
            executable: Self.python, arguments: [Self.python, self.script] + self.arguments,
            environment: ProcessInfo.processInfo.environment, stdoutPath: self.output, stderrPath: self.output + ".err"))
    }

    /// Runs the script to its end; returns its exit code.
    func run() async throws -> Int32 {
        let status = await ProcessReaper.shared.waitForExit(of: try self.start())
        return status >> 8 & 0xff
    }

    /// The JSON objects it printed, one per line, so far.
    var lines: [[String: Any]] {
        let text = (try? String(contentsOfFile: self.output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// What it wrote to stderr, for failure messages.
    var errors: String { (try? String(contentsOfFile: self.output + ".err", encoding: .utf8)) ?? "" }
}
