import CAgoraPosix
#if canImport(Glibc)
import Glibc
#endif

/// A process to start with `posix_spawn`.
public struct SpawnRequest: Sendable {
    /// Absolute path of the program.
    public var executable: String
    /// argv, including argv[0].
    public var arguments: [String]
    /// The complete environment (nothing is inherited).
    public var environment: [String: String]
    public var workingDirectory: String?
    /// Files stdout and stderr append to; when nil the child shares this process's
    /// stdout and stderr. stdin is always /dev/null.
    public var stdoutPath: String?
    public var stderrPath: String?
    /// Run in a new session (its own process group), so the whole tree can be signalled.
    public var newSession = true
    /// Without a new session: run in a new process group of its own (pgid = pid), so
    /// what it leaves behind can be killed with the group.
    public var newProcessGroup = false

    public init(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String? = nil,
        stdoutPath: String? = nil, stderrPath: String? = nil, newSession: Bool = true, newProcessGroup: Bool = false
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.newSession = newSession
        self.newProcessGroup = newProcessGroup
    }
}

/// A failed system call, with errno's text.
public struct SystemError: Error, CustomStringConvertible, Equatable {
    public let operation: String
    public let code: Int32
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }
    public var description: String { "\(self.operation): \(String(cString: strerror(self.code)))" }
}

/// Starts processes with posix_spawn: no fork of a big process, no inherited descriptors
/// (everything from 3 up is closed), default signal dispositions, an empty signal mask.
public enum Spawner {
    /// Starts the process. With `reaped` (the default) `ProcessReaper` collects its exit;
    /// pass false to wait for it yourself (with `waitpid` or a pidfd).
    public static func spawn(_ request: SpawnRequest, reaped: Bool = true) throws(SystemError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        Self.redirect(&actions, request)
        agora_spawn_closefrom(&actions, 3)
        if let directory = request.workingDirectory { agora_spawn_chdir(&actions, directory) }
        Self.configure(&attributes, newSession: request.newSession, newProcessGroup: request.newProcessGroup)
        var pid: pid_t = 0
        let argv = request.arguments.map { strdup($0) } + [nil]
        let envp = request.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let result = posix_spawn(&pid, request.executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SystemError("posix_spawn \(request.executable)", code: result) }
        if reaped { ProcessReaper.shared.spawned() }
        return pid
    }

    /// This process's environment, as `name=value` pairs split at the first `=`.
    public static var currentEnvironment: [String: String] {
        var result: [String: String] = [:]
        var cursor = agora_environ()
        while let entry = cursor?.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor = cursor?.advanced(by: 1)
        }
        return result
    }

    /// Finds `name` on `path` (a PATH value) unless it already contains a slash.
    public static func locate(_ name: String, path: String?) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for directory in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private static func redirect(_ actions: inout posix_spawn_file_actions_t, _ request: SpawnRequest) {
        let append = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let path = request.stdoutPath { posix_spawn_file_actions_addopen(&actions, 1, path, append, 0o644) }
        if let path = request.stderrPath { posix_spawn_file_actions_addopen(&actions, 2, path, append, 0o644) }
    }

    private static func configure(_ attributes: inout posix_spawnattr_t, newSession: Bool, newProcessGroup: Bool) {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, Int32(signal)) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newSession {
            flags |= Int32(agora_spawn_setsid_flag())
        } else if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }
}
