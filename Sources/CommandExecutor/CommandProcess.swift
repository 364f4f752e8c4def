import AgoraPosix

/// Turns a task's CommandInfo into a process: `/bin/sh -c value` when `shell` is true (the
/// default), else `value` run directly with `arguments` as argv. The environment is the
/// executor's own plus the command's variables; stdout and stderr are the executor's,
/// which the agent pointed at the sandbox's files.
enum CommandProcess {
    static func request(for launch: TaskLaunch, sandbox: String) throws(ExecutorSetupError) -> SpawnRequest {
        var environment = Spawner.currentEnvironment
        for (name, value) in launch.environment { environment[name] = value }
        guard let value = launch.value else { throw ExecutorSetupError("Task \(launch.taskID) has no command value") }
        if launch.shell {
            return SpawnRequest(
                executable: "/bin/sh", arguments: ["sh", "-c", value], environment: environment, workingDirectory: sandbox,
                newSession: false)
        }
        guard let executable = Spawner.locate(value, path: environment["PATH"]) else {
            throw ExecutorSetupError("Cannot find executable '\(value)'")
        }
        return SpawnRequest(
            executable: executable, arguments: launch.arguments.isEmpty ? [value] : launch.arguments, environment: environment,
            workingDirectory: sandbox, newSession: false)
    }
}
