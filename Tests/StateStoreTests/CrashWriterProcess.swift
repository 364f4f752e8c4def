import AgoraPosix
import Foundation

/// A running `statestore-crash-writer` (built beside this test binary), its stdout in a file.
final class CrashWriterProcess: Sendable {
    let pid: pid_t
    let outputPath: String
    let errorPath: String

    /// Starts the writer on the store at `storePath`, `keys` keys per batch.
    init(storePath: String, keys: Int, logDirectory: String, name: String) throws {
        self.outputPath = "\(logDirectory)/\(name).out"
        self.errorPath = "\(logDirectory)/\(name).err"
        let executable = try Self.executable()
        self.pid = try Spawner.spawn(SpawnRequest(
            executable: executable, arguments: [executable, storePath, String(keys)], environment: [:],
            stdoutPath: self.outputPath, stderrPath: self.errorPath))
    }

    deinit {
        // A test that failed half-way must not leave a writer behind (the reaper collects it).
        Glibc.kill(self.pid, SIGKILL)
    }

    /// Batch numbers printed so far (only complete lines: the last may be half-written).
    func printedBatches() throws -> [Int] {
        let text = try String(contentsOfFile: self.outputPath, encoding: .utf8)
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            guard let batch = Int(line) else { throw WriterFailure("unexpected output line \(line.debugDescription)") }
            return batch
        }
    }

    /// Waits, polling its output, until the writer has printed a batch number `>= batch`;
    /// returns the last one printed.
    func waitForBatch(atLeast batch: Int, within seconds: Double = 30) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            if let last = try self.printedBatches().last, last >= batch { return last }
            guard ContinuousClock.now < deadline else {
                let errors = (try? String(contentsOfFile: self.errorPath, encoding: .utf8)) ?? "(no stderr)"
                throw WriterFailure("no batch \(batch) within \(seconds) s; stderr: \(errors)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// SIGKILLs the writer and waits until it is gone; returns its raw wait status.
    func kill() async -> Int32 {
        Glibc.kill(self.pid, SIGKILL)
        return await ProcessReaper.shared.waitForExit(of: self.pid)
    }

    private static func executable() throws -> String {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let path = testBinary.deletingLastPathComponent().appendingPathComponent("statestore-crash-writer").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw WriterFailure("\(path) is missing: build the package (swift build) before testing")
        }
        return path
    }
}

struct WriterFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
