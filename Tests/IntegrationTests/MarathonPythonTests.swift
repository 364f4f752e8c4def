import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

/// The unmodified PyPI marathon-python 0.13.0 client (`.build-python`, installed by
/// scripts/install-prerequisites) against `agora dev`'s apps framework.
@Suite(.serialized) struct MarathonPythonTests {
    static let python = Paths.packageRoot + "/.build-python/bin/python"
    static let script = Paths.packageRoot + "/Tests/IntegrationTests/Fixtures/marathon_client.py"

    @Test func marathonPythonDrivesAnAppThroughItsLife() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python), "run scripts/install-prerequisites to install marathon")
        let directory = Paths.scratch("marathon-python")
        let dev = try ServerProcess(
            ["dev", "--master-port", "0", "--agent-port", "0", "--apps-port", "0", "--no-jobs", "--agents", "2", "--work-dir", directory + "/work",
             "--resources", "cpus:1;mem:1024;disk:100;ports:\(TaskPorts.range(100))"],
            name: "dev", logDirectory: directory)
        do {
            let apps = try await dev.address(of: "apps")
            let output = directory + "/marathon.out"
            let pid = try Spawner.spawn(SpawnRequest(
                executable: Self.python, arguments: [Self.python, Self.script, "http://\(apps)", "/shop/web"],
                environment: ProcessInfo.processInfo.environment, stdoutPath: output, stderrPath: directory + "/marathon.err"))
            let status = await ProcessReaper.shared.waitForExit(of: pid)
            let lines = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            let errors = (try? String(contentsOfFile: directory + "/marathon.err", encoding: .utf8)) ?? ""
            #expect(status == 0, "marathon-python failed: \(lines.suffix(3)) \(errors.suffix(1500))")
            let steps = lines.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }.compactMap { $0["step"] as? String }
            #expect(steps == ["created", "conflict", "running", "listed", "scaled", "restarted", "killed", "env", "rolled back", "info", "deleted", "events"])
            #expect(lines.last == #"{"ok": true}"#)
            await dev.stop()
            if status == 0 { Paths.discardScratch(directory) } else { Issue.record("logs in \(directory)") }
        } catch {
            await dev.stop()
            Issue.record("logs in \(directory)")
            throw error
        }
    }
}
