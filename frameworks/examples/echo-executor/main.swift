// A custom executor written with Agora's Executor library. An agent starts it for tasks whose
// TaskInfo names it in `executor.command`, e.g.
//
//   executor { executor_id: "echo" command { value: "/path/to/agora-example-echo-executor" } }
//
// For each task it sends TASK_RUNNING, a framework message "hello from <task id>", then
// TASK_FINISHED with the message "echo: <task data>". A KILL ends the task TASK_KILLED;
// framework messages are answered with "got: <data>"; SHUTDOWN ends the process.
import AgoraProto
import Executor
import Foundation

@main
struct EchoExecutor {
    static func main() async {
        do {
            let session = ExecutorSession(environment: try ExecutorEnvironment(ProcessInfo.processInfo.environment))
            for try await event in try await session.subscribe() {
                switch event.type {
                case .launch: try await self.run(event.launch.task, session)
                case .launchGroup: for task in event.launchGroup.taskGroup.tasks { try await self.run(task, session) }
                case .kill: try await session.update(.with { $0.taskID = event.kill.taskID; $0.state = .taskKilled })
                case .message: try await session.message(Data("got: ".utf8) + event.message.data)
                case .shutdown: exit(0)
                default: continue
                }
            }
        } catch {
            StandardError.write("echo executor: \(error)\n")
            exit(1)
        }
    }

    static func run(_ task: Agora_V1_TaskInfo, _ session: ExecutorSession) async throws {
        try await session.update(.with { $0.taskID = task.taskID; $0.state = .taskRunning })
        try await session.message(Data("hello from \(task.taskID.value)".utf8))
        try await session.update(.with {
            $0.taskID = task.taskID
            $0.state = .taskFinished
            $0.message = "echo: " + String(decoding: task.data, as: UTF8.self)
        })
    }
}
