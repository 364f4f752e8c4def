import AgentCore
import AgoraPosix
import AgoraWire
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The process of an executor: `agora executor` for the built-in command executor, or the
/// ExecutorInfo's command for a framework's own. Output goes to the sandbox's `stdout` and
/// `stderr`; the environment is exactly the one the agent core computed, plus the
/// command's own variables.
enum ExecutorCommand {
    static func request(for launch: ExecutorLaunch, executorCommand: [String]) throws -> SpawnRequest {
        var arguments = executorCommand
        var executable = executorCommand.first ?? "agora"
        var environment = launch.environment
        if !launch.isCommandExecutor {
            let info = try ProtoExecutorInfo(serializedBytes: launch.executor.payload.bytes, partial: true)
            let command = info.command
            for variable in command.environment.variables where variable.type != .secret {
                environment[variable.name] = variable.value
            }
            if command.shell {
                executable = "/bin/sh"
                arguments = ["sh", "-c", command.value]
            } else {
                guard let located = Spawner.locate(command.value, path: environment["PATH"]) else {
                    throw SystemError("cannot find executable '\(command.value)'", code: ENOENT)
                }
                executable = located
                arguments = command.arguments.isEmpty ? [command.value] : command.arguments
            }
        }
        return SpawnRequest(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: launch.sandbox,
            stdoutPath: launch.sandbox + "/stdout", stderrPath: launch.sandbox + "/stderr", newSession: true)
    }

    /// The `user` of the command the container runs (the task's for the command executor,
    /// the ExecutorInfo's for a framework's own), or nil when it names none.
    static func commandUser(for launch: ExecutorLaunch) throws -> String? {
        if launch.isCommandExecutor {
            guard let task = launch.tasks.first else { return nil }
            let info = try ProtoTaskInfo(serializedBytes: task.payload.bytes, partial: true)
            return info.command.hasUser ? info.command.user : nil
        }
        let info = try ProtoExecutorInfo(serializedBytes: launch.executor.payload.bytes, partial: true)
        return info.command.hasUser ? info.command.user : nil
    }
}
