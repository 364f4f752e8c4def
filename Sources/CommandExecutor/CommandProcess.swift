import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

/// Turns a task's CommandInfo into a process: `/bin/sh -c value` when `shell` is true (the
/// default), else `value` run directly with `arguments` as argv. The environment is the
/// executor's own plus the command's variables; stdout and stderr are the executor's,
/// which the agent pointed at the sandbox's files.
///
/// A shell command that is one plain program call (`sleep 300`, `python3 app.py --port 8080`)
/// is executed directly, as `sh` would `exec` it anyway: that saves starting a shell per
/// task. Anything the shell would interpret — quoting, expansion, redirection, operators,
/// assignments, builtins, unknown programs — still goes through `/bin/sh -c`.
enum CommandProcess {
    static func request(for launch: TaskLaunch, sandbox: String) throws(ExecutorSetupError) -> SpawnRequest {
        var environment = Spawner.currentEnvironment
        for (name, value) in launch.environment { environment[name] = value }
        guard let value = launch.value else { throw ExecutorSetupError("Task \(launch.taskID) has no command value") }
        if launch.shell {
            if let words = PlainCommand.words(value), let executable = Spawner.locate(words[0], path: environment["PATH"]),
                PlainCommand.isRegularFile(executable)
            {
                // dash exports PWD to what it runs; keep that.
                if environment["PWD"] == nil { environment["PWD"] = sandbox }
                return SpawnRequest(
                    executable: executable, arguments: words, environment: environment, workingDirectory: sandbox, newSession: false, newProcessGroup: true)
            }
            return SpawnRequest(
                executable: "/bin/sh", arguments: ["sh", "-c", value], environment: environment, workingDirectory: sandbox,
                newSession: false, newProcessGroup: true)
        }
        guard let executable = Spawner.locate(value, path: environment["PATH"]) else {
            throw ExecutorSetupError("Cannot find executable '\(value)'")
        }
        return SpawnRequest(
            executable: executable, arguments: launch.arguments.isEmpty ? [value] : launch.arguments, environment: environment,
            workingDirectory: sandbox, newSession: false, newProcessGroup: true)
    }
}

/// Recognizes shell commands that are a single program call with literal words only.
enum PlainCommand {
    /// The words of `command` if the shell would do nothing with it but split it on blanks
    /// and run its first word from PATH; nil otherwise.
    static func words(_ command: String) -> [String]? {
        var words: [String] = []
        var word: [UInt8] = []
        for byte in command.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
                word = []
            } else if Self.isLiteral(byte) {
                word.append(byte)
            } else {
                return nil
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        guard let first = words.first, !first.contains("="), !Self.shellBuiltins.contains(first) else { return nil }
        return words
    }

    /// Directories pass `access(X_OK)`; only files are run directly.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Letters, digits and `_ - . / , : + % @`; `=` too (a literal after the first word).
    private static func isLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ","), UInt8(ascii: ":"),
            UInt8(ascii: "+"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "="):
            true
        default: false
        }
    }

    /// dash's builtins other than `true`/`false`: a program of the same name may behave
    /// differently (`echo -e`, `kill %1`, `pwd -P`), so these run in the shell.
    static let shellBuiltins: Set<String> = [
        "alias", "bg", "break", "cd", "chdir", "command", "continue", "echo", "eval", "exec", "exit", "export", "fc",
        "fg", "getopts", "hash", "jobid", "jobs", "kill", "local", "printf", "pwd", "read", "readonly", "return", "set",
        "shift", "test", "times", "trap", "type", "ulimit", "umask", "unalias", "unset", "wait",
    ]
}
