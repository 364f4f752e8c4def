import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a run of the `agora` binary printed and how it ended.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// stdout parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(self.stdout.utf8), options: [.fragmentsAllowed])
    }
}

/// Runs the real `agora` binary with `arguments` and waits (boundedly) for it to exit.
func runCLI(
    _ arguments: [String], in directory: String, environment: [String: String] = [:], within seconds: Double = 30
) async throws -> CLIResult {
    let process = try CLIProcess(arguments, in: directory, environment: environment)
    let status = try await process.exit(within: seconds)
    return CLIResult(status: status, stdout: process.stdout, stderr: process.stderr)
}

/// A running `agora` command whose output goes to files, for commands that run until stopped
/// (`--watch`, `events`).
struct CLIProcess {
    let process: ServerProcess

    init(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws {
        let name = "cli-\(UUID().uuidString.prefix(8))"
        self.process = try ServerProcess(arguments, name: name, logDirectory: directory, environment: environment)
    }

    var stdout: String { self.process.stdout }
    var stderr: String { self.process.stderr }

    /// The exit code once it exits; SIGKILLs it and fails after `seconds`.
    func exit(within seconds: Double) async throws -> Int32 {
        let process = self.process
        let waiter = Task { await process.waitForExit() }
        let killer = Task { () -> Bool in
            do { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) } catch { return false }
            process.signal(SIGKILL)
            return true
        }
        let status = await waiter.value
        killer.cancel()
        if await killer.value { throw CLITimedOut(arguments: process.name, seconds: seconds, stderr: process.stderr) }
        return status & 0x7f == 0 ? status >> 8 & 0xff : 128 + (status & 0x7f)
    }

    func signal(_ signal: Int32) { self.process.signal(signal) }
}

/// A command that did not exit in time (it was killed).
struct CLITimedOut: Error, CustomStringConvertible {
    let arguments: String
    let seconds: Double
    let stderr: String
    var description: String { "agora (\(self.arguments)) did not exit within \(self.seconds) s; stderr: \(self.stderr.suffix(2000))" }
}
