import AgoraProto
import ArgumentParser
import Foundation
import OperatorClient

/// `agora task logs TASK`: the task's stdout (or stderr) from its sandbox, through the agent's
/// files API (`READ_FILE`); `--follow` keeps reading like `tail -f` until the task ends or
/// Ctrl-C.
struct TaskLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Print a task's stdout (or --stderr); --follow keeps printing until it ends.",
        discussion: """
            Examples:
              agora task logs web-1
              agora task logs web-1 --stderr
              agora task logs web-1 --follow
            """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The task's ID.") var task: String
    @Flag(help: "Print stderr instead of stdout.") var stderr = false
    @Flag(name: .shortAndLong, help: "Keep printing what the task writes until it ends (or Ctrl-C).") var follow = false

    /// Most bytes asked for in one READ_FILE.
    static let chunk: UInt64 = 64 << 10

    func run() async throws {
        try await reportingFailures {
            try await self.connection.withClient { client in
                let (agent, path) = try await self.locate(with: client)
                let (task, follow) = (self.task, self.follow)
                try await untilInterrupted {
                    var offset: UInt64 = 0
                    var ended = false
                    while true {
                        let (_, data) = try await agent.readFile(path, offset: offset, length: Self.chunk)
                        offset += UInt64(data.count)
                        if !data.isEmpty { FileHandle.standardOutput.write(Data(data)) }
                        if data.count == Int(Self.chunk) { continue }
                        if ended || !follow { return }
                        // Once the task has ended, one more read takes what it wrote last.
                        ended = try await !Self.isLive(task, client: client)
                        if !ended { try await Task.sleep(for: .milliseconds(250)) }
                    }
                }
            }
        }
    }

    /// The task's agent and the path of its stdout or stderr there.
    private func locate(with client: OperatorClient) async throws -> (AgentOperatorClient, String) {
        let state = try await client.state()
        let task = try TaskFilter.find(self.task, in: state)
        guard let record = state.getAgents.agents.first(where: { $0.agentInfo.id == task.agentID }),
            let agent = AgentOperatorClient(agent: record)
        else { throw CommandFailure("the agent of task \(self.task) (\(task.agentID.value)) is not connected") }
        guard let sandbox = try await agent.sandbox(of: self.task, frameworkID: task.frameworkID.value) else {
            throw CommandFailure("agent \(record.agentInfo.hostname) no longer has the sandbox of task \(self.task)")
        }
        return (agent, sandbox + (self.stderr ? "/stderr" : "/stdout"))
    }

    private static func isLive(_ id: String, client: OperatorClient) async throws -> Bool {
        guard let task = TaskFilter.lookup(id, in: try await client.state()) else { return false }
        return [.taskStaging, .taskStarting, .taskRunning, .taskKilling].contains(task.state)
    }
}
