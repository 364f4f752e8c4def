import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension OperatorIntegration {
    /// The real `agora` operator commands against a real cluster: tables, `-o json`, exit
    /// codes (0 ok, 1 failure, 2 usage, 3 not found), `--watch` and `events` ending cleanly.
    @Suite(.serialized) struct CLITests {
        @Test func statusAgentsFrameworksAndTasksAsTablesAndJSON() async throws {
            try await withCluster("cli-views") { cluster in
                let master = ["--master", cluster.masterAddress]
                let framework = try await TestFramework(master: cluster.masterAddress, name: "cli")
                try await framework.launch([(id: "napper", command: "sleep 60")])
                try await framework.waitFor(.taskRunning, of: "napper")
                let status = try await runCLI(["status"] + master, in: cluster.directory)
                #expect(status.status == 0, "\(status.stderr)")
                #expect(status.stdout.contains("Agents:      1 active") && status.stdout.contains("1 running"), "\(status.stdout)")
                let statusJSON = try #require(try await runCLI(["status", "-o", "json"] + master, in: cluster.directory).json() as? [String: Any])
                #expect((statusJSON["tasks"] as? [String: Any])?["running"] as? Int == 1)
                let agents = try await runCLI(["agents"] + master, in: cluster.directory)
                #expect(agents.status == 0 && agents.stdout.hasPrefix("ID") && agents.stdout.contains("0.01/2"), "\(agents.stdout)")
                let tasks = try await runCLI(["tasks", "--framework", "cli", "--state", "running", "-o", "json"] + master, in: cluster.directory)
                let list = try #require(try tasks.json() as? [[String: Any]])
                #expect(list.count == 1 && (list.first?["task_id"] as? [String: Any])?["value"] as? String == "napper")
                let none = try await runCLI(["tasks", "--state", "failed", "-o", "json"] + master, in: cluster.directory)
                #expect((try none.json() as? [Any])?.isEmpty == true)
                let yaml = try await runCLI(["frameworks", "-o", "yaml"] + master, in: cluster.directory)
                #expect(yaml.status == 0 && yaml.stdout.contains("  name: cli\n"), "\(yaml.stdout)")
                let show = try await runCLI(["task", "show", "napper"] + master, in: cluster.directory)
                #expect(show.stdout.contains("State:       RUNNING"), "\(show.stdout)")
                let kill = try await runCLI(["task", "kill", "napper"] + master, in: cluster.directory)
                #expect(kill.status == 0, "\(kill.stderr)")
                try await framework.waitFor(.taskKilled, of: "napper")
                await framework.stop()
            }
        }

        @Test func exitCodesScriptsCanUse() async throws {
            try await withCluster("cli-exit", agents: 0) { cluster in
                let master = ["--master", cluster.masterAddress]
                let typo = try await runCLI(["agnets"], in: cluster.directory)
                #expect(typo.status == 2 && typo.stderr.contains("Did you mean 'agents'?"), "\(typo.stderr)")
                let badFlag = try await runCLI(["tasks", "--stat", "running"] + master, in: cluster.directory)
                #expect(badFlag.status == 2, "\(badFlag.stderr)")
                let badState = try await runCLI(["tasks", "--state", "sleepy"] + master, in: cluster.directory)
                #expect(badState.status == 2 && badState.stderr.contains("unknown state 'sleepy'"))
                let missing = try await runCLI(["task", "show", "nope"] + master, in: cluster.directory)
                #expect(missing.status == 3 && missing.stderr == "agora: task nope not found\n", "\(missing.stderr)")
                let gone = try await runCLI(["agents", "gone", "nope"] + master, in: cluster.directory)
                #expect(gone.status == 3 && gone.stderr.contains("Agent 'nope' not found"))
                let down = try await runCLI(["status", "--master", "127.0.0.1:\(freePort())"], in: cluster.directory)
                #expect(down.status == 1 && down.stderr.hasPrefix("agora: cannot reach the master at http://127.0.0.1:"), "\(down.stderr)")
                let help = try await runCLI(["tasks", "--help"], in: cluster.directory)
                #expect(help.status == 0 && help.stdout.contains("Examples:"))
                let completion = try await runCLI(["completion", "bash"], in: cluster.directory)
                #expect(completion.status == 0 && completion.stdout.contains("complete -o filenames -F _agora agora"), "\(completion.stdout.prefix(200))")
                let fromEnvironment = try await runCLI(["status", "-o", "json"], in: cluster.directory, environment: ["AGORA_MASTER": cluster.masterAddress])
                #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
            }
        }

        @Test func watchAndEventsEndOnInterruptAndEventsCanStopByThemselves() async throws {
            try await withCluster("cli-watch") { cluster in
                let master = ["--master", cluster.masterAddress]
                let watch = try CLIProcess(["tasks", "--watch", "-o", "json"] + master, in: cluster.directory)
                let events = try await runCLIInBackground(["events", "--count", "2", "-o", "json"] + master, in: cluster.directory)
                try await eventually("the first view") { watch.stdout.contains("[]\n") }
                try await eventually("both commands to subscribe") {
                    (try await getJSON("http://\(cluster.masterAddress)/metrics/snapshot"))["master/operator_event_stream_subscriptions"] as? Double == 2
                }
                let framework = try await TestFramework(master: cluster.masterAddress, name: "watched")
                try await framework.launch([(id: "w1", command: "sleep 60")])
                try await eventually("the watch to show the task running") {
                    watch.stdout.split(separator: "\n").contains { $0.contains(#""value":"w1""#) && $0.contains("TASK_RUNNING") }
                }
                let lines = try await events.value
                #expect(lines.status == 0, "events --count 2 ends by itself: \(lines.stderr)")
                let types = lines.stdout.split(separator: "\n").compactMap { line in
                    ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["type"] as? String
                }
                #expect(types.count == 2 && types.allSatisfy { ["FRAMEWORK_ADDED", "TASK_ADDED", "TASK_UPDATED"].contains($0) }, "\(types)")
                watch.signal(SIGINT)
                #expect(try await watch.exit(within: 10) == 0, "--watch ends on Ctrl-C with 0")
                await framework.stop()
            }
        }

        @Test func whyExplainsWhatDoesNotFit() async throws {
            try await withCluster("cli-why") { cluster in
                let master = ["--master", cluster.masterAddress]
                let unknown = try await runCLI(["why", "ghost"] + master, in: cluster.directory)
                #expect(unknown.status == 3 && unknown.stderr.contains("task ghost not found"))
                let big = try await runCLI(["why", "ghost", "--resources", "cpus:8,mem:64"] + master, in: cluster.directory)
                #expect(big.status == 0, "\(big.stderr)")
                #expect(big.stdout.contains("no agent has cpus:8 free for role *: the most is 2 on 127.0.0.1"), "\(big.stdout)")
                let small = try await runCLI(["why", "--resources", "cpus:1", "-o", "json"] + master, in: cluster.directory)
                let report = try #require(try small.json() as? [String: Any])
                #expect((report["explanation"] as? [String: Any])?["reasons"] == nil, "it fits: \(small.stdout)")
            }
        }

        @Test func serversLogJSONLinesWithLogFormatJSON() async throws {
            let directory = Paths.scratch("cli-logs")
            let master = try ServerProcess(["master", "--port", "0", "--registry", "in_memory", "--log-format", "json"], name: "master", logDirectory: directory)
            _ = try await master.address(of: "master")
            try await eventually("a log line") { !master.stderr.isEmpty }
            let first = try #require(master.stderr.split(separator: "\n").first)
            let line = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
            #expect(line["level"] as? String == "info" && line["label"] as? String == "agora.master" && line["message"] is String)
            await master.stop()
            Paths.discardScratch(directory)
        }
    }
}

/// Starts a command that ends by itself; its result once it did.
func runCLIInBackground(_ arguments: [String], in directory: String) async throws -> Task<CLIResult, any Error> {
    let process = try CLIProcess(arguments, in: directory)
    return Task {
        let status = try await process.exit(within: 30)
        return CLIResult(status: status, stdout: process.stdout, stderr: process.stderr)
    }
}
