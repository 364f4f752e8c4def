import AgoraPosix
import AgoraProto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a task's CommandInfo into a process: `/bin/sh -c value` when `shell` is true (the
/// default), else `value` run directly with `arguments` as argv. The environment is the
/// executor's own plus the command's variables; stdout and stderr are the executor's,
/// which the agent pointed at the sandbox files.
enum CommandBuilder {
    static func request(for task: Agora_V1_TaskInfo, sandbox: String) throws(WireErrorMessage) -> SpawnRequest {
        guard task.hasCommand else { throw WireErrorMessage("Task \(task.taskID.value) has no CommandInfo") }
        let command = task.command
        var environment = ProcessInfo.processInfo.environment
        for variable in command.environment.variables where variable.type != .secret {
            environment[variable.name] = variable.value
        }
        if command.shell {
            guard command.hasValue else { throw WireErrorMessage("CommandInfo.value is required when 'shell' is true") }
            return SpawnRequest(
                executable: "/bin/sh", arguments: ["sh", "-c", command.value], environment: environment,
                workingDirectory: sandbox, stdoutPath: nil, stderrPath: nil, newSession: false)
        }
        guard command.hasValue, let executable = Spawner.locate(command.value, path: environment["PATH"]) else {
            throw WireErrorMessage("Cannot find executable '\(command.value)'")
        }
        let arguments = command.arguments.isEmpty ? [command.value] : command.arguments
        return SpawnRequest(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: sandbox,
            stdoutPath: nil, stderrPath: nil, newSession: false)
    }
}
