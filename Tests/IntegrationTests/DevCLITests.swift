import AgoraTestKit
import Foundation
import Testing

extension OperatorIntegration {
    /// The real `agora` binary against `agora dev`: task logs, apps, deployments, jobs.
    @Suite(.serialized) struct DevCLITests {
        @Test func taskLogsPrintAndFollowASandbox() async throws {
            try await withDev("cli-logs") { dev in
                let framework = try await TestFramework(master: dev.master, name: "talker")
                // Prints three lines, waits for the test's go-ahead, prints three more.
                let go = dev.directory + "/go"
                let script = "for i in 1 2 3; do echo line-$i; echo oops-$i >&2; sleep 0.2; done; "
                    + "while [ ! -e \(go) ]; do sleep 0.1; done; for i in 4 5 6; do echo line-$i; echo oops-$i >&2; sleep 0.2; done"
                try await framework.launch([(id: "talker-1", command: script)])
                try await framework.waitFor(.taskRunning, of: "talker-1")
                let follow = try CLIProcess(["task", "logs", "talker-1", "--follow"] + dev.endpoints, in: dev.directory)
                try await eventually("--follow to print what the task wrote so far") { follow.stdout.contains("line-3\n") }
                #expect(!follow.stdout.contains("line-4"))
                #expect(FileManager.default.createFile(atPath: go, contents: nil))
                #expect(try await follow.exit(within: 30) == 0, "--follow ends when the task does: \(follow.stderr)")
                let printed = follow.stdout.split(separator: "\n").filter { $0.hasPrefix("line-") }
                #expect(printed.map(String.init) == (1...6).map { "line-\($0)" }, "every line once, in order: \(follow.stdout)")
                try await framework.waitFor(.taskFinished, of: "talker-1")
                let errors = try await dev.agora(["task", "logs", "talker-1", "--stderr"])
                #expect(errors.status == 0 && errors.stdout.contains("oops-1\n") && errors.stdout.contains("oops-6\n"), "\(errors)")
                #expect(!errors.stdout.contains("line-1"))
                let missing = try await dev.agora(["task", "logs", "ghost"])
                #expect(missing.status == 3 && missing.stderr == "agora: task ghost not found\n", "\(missing.stderr)")
                await framework.stop()
            }
        }
    }
}
