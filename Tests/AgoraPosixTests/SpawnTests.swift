import AgoraPosix
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite final class SpawnTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "agora-posix-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    deinit { try? FileManager.default.removeItem(atPath: self.directory) }

    func shell(_ script: String, environment: [String: String] = [:]) -> SpawnRequest {
        SpawnRequest(
            executable: "/bin/sh", arguments: ["sh", "-c", script], environment: environment,
            workingDirectory: self.directory, stdoutPath: self.directory + "/stdout", stderrPath: self.directory + "/stderr")
    }

    func output(_ name: String = "stdout") -> String {
        (try? String(contentsOfFile: self.directory + "/" + name, encoding: .utf8)) ?? ""
    }

    @Test func runsAProgramAndReportsItsExitStatus() async throws {
        let pid = try Spawner.spawn(self.shell("echo out; echo err >&2; exit 3"))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        #expect(status >> 8 == 3)
        #expect(self.output() == "out\n")
        #expect(self.output("stderr") == "err\n")
    }

    @Test func givesExactlyTheEnvironmentAndDirectoryAsked() async throws {
        let pid = try Spawner.spawn(self.shell("echo \"$GREETING:$HOME:$(pwd)\"", environment: ["GREETING": "hello"]))
        _ = await ProcessReaper.shared.waitForExit(of: pid)
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: self.directory)) ?? self.directory
        #expect(self.output() == "hello::\(resolved)\n")
    }

    @Test func childrenInheritNoOpenDescriptors() async throws {
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let pid = try Spawner.spawn(self.shell("ls /proc/$$/fd"))
        _ = await ProcessReaper.shared.waitForExit(of: pid)
        let descriptors = self.output().split(separator: "\n").compactMap { Int($0) }.sorted()
        #expect(!descriptors.contains(Int(leaked)))
        #expect(descriptors.prefix(3) == [0, 1, 2])
    }

    @Test func reportsSignals() async throws {
        let pid = try Spawner.spawn(self.shell("kill -9 $$"))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        #expect(status & 0x7F == SIGKILL)
    }

    @Test func aMissingProgramFailsToSpawn() {
        #expect(throws: SystemError.self) {
            try Spawner.spawn(SpawnRequest(executable: "/nonexistent/program", arguments: ["x"], environment: [:]))
        }
    }

    @Test func manyChildrenAreReapedConcurrently() async throws {
        let pids = try (0..<40).map { index in try Spawner.spawn(self.shell("exit \(index % 7)")) }
        let statuses = await withTaskGroup(of: (Int, Int32).self) { group in
            for (index, pid) in pids.enumerated() {
                group.addTask { (index, await ProcessReaper.shared.waitForExit(of: pid)) }
            }
            var result: [Int: Int32] = [:]
            for await (index, status) in group { result[index] = status }
            return result
        }
        for index in 0..<40 { #expect(statuses[index].map { $0 >> 8 } == Int32(index % 7)) }
    }

    @Test func signallingATreeReachesGrandchildren() async throws {
        let pid = try Spawner.spawn(self.shell("sleep 300 & sleep 300 & echo started; wait"))
        try await waitUntil { self.output().contains("started") && ProcessTree.descendants(of: pid).count >= 3 }
        let tree = ProcessTree.descendants(of: pid)
        #expect(ProcessTree.signal(pid, SIGKILL) >= 3)
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        #expect(status & 0x7F == SIGKILL)
        try await waitUntil { tree.allSatisfy { kill($0, 0) != 0 } }
    }
}

/// Polls `condition` every 10 ms for at most `seconds`; fails the test on timeout.
func waitUntil(seconds: Double = 10, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within \(seconds) s")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
