import AgoraPosix
import CAgoraPosix

#if canImport(Glibc)
import Glibc
#endif

/// Runs one task's health checks on a thread of its own — checks block (connect, wait for
/// a command) and must not stall the executor's loop — and writes each result as one byte
/// (1 healthy, 0 not) to a pipe the loop polls. The thread stops when the loop closes its
/// end of the pipe (the task ended).
enum HealthChecker {
    /// Starts checking; returns the descriptor to poll for results.
    static func start(_ spec: HealthCheckSpec, sandbox: String, environment: [String: String]) throws(SystemError) -> Int32 {
        var ends: [Int32] = [-1, -1]
        guard agora_pipe_cloexec(&ends) == 0 else { throw SystemError("pipe2") }
        let writer = ends[1]
        DetachedThread.start {
            Self.sleep(spec.delaySeconds)
            while true {
                var result: UInt8 = Self.check(spec, sandbox: sandbox, environment: environment) ? 1 : 0
                guard write(writer, &result, 1) == 1 else { break }
                Self.sleep(spec.intervalSeconds)
            }
            close(writer)
        }
        return ends[0]
    }

    static func check(_ spec: HealthCheckSpec, sandbox: String, environment: [String: String]) -> Bool {
        switch spec.kind {
        case .http(let port, let path, let scheme, let statuses):
            guard scheme == "http" else {
                StandardError.write("agora executor: \(scheme) health checks are not supported; the check fails\n")
                return false
            }
            do {
                let connection = try HTTPConnection(endpoint: "127.0.0.1:\(port)", receiveTimeoutSeconds: Self.wholeSeconds(spec.timeoutSeconds))
                try connection.get(path: path)
                let status = try connection.readHead().status
                return statuses.isEmpty ? (200..<400).contains(status) : statuses.contains(status)
            } catch {
                return false
            }
        case .tcp(let port):
            do {
                _ = try HTTPConnection(endpoint: "127.0.0.1:\(port)")
                return true
            } catch {
                return false
            }
        case .command(let command):
            return Self.run(command, sandbox: sandbox, environment: environment, timeout: spec.timeoutSeconds)
        }
    }

    /// Runs a COMMAND check; true when it exits 0 within the timeout (else it is killed).
    private static func run(_ command: HealthCheckSpec.CheckCommand, sandbox: String, environment: [String: String], timeout: Double) -> Bool {
        guard let value = command.value else { return false }
        var environment = environment
        for (name, text) in command.environment { environment[name] = text }
        let request: SpawnRequest
        if command.shell {
            request = SpawnRequest(executable: "/bin/sh", arguments: ["sh", "-c", value], environment: environment, workingDirectory: sandbox,
                                   stdoutPath: "/dev/null", stderrPath: "/dev/null", newSession: false, newProcessGroup: true)
        } else {
            guard let executable = Spawner.locate(value, path: environment["PATH"]) else { return false }
            request = SpawnRequest(executable: executable, arguments: command.arguments.isEmpty ? [value] : command.arguments,
                                   environment: environment, workingDirectory: sandbox, stdoutPath: "/dev/null", stderrPath: "/dev/null",
                                   newSession: false, newProcessGroup: true)
        }
        let pid: pid_t
        do {
            pid = try Spawner.spawn(request, reaped: false)
        } catch {
            StandardError.write("agora executor: cannot run the health check command: \(error)\n")
            return false
        }
        let pidfd = agora_pidfd_open(pid)
        defer { if pidfd >= 0 { close(pidfd) } }
        var descriptor = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        let exited = pidfd >= 0 && poll(&descriptor, 1, Int32(clamping: Int(timeout * 1000))) == 1
        if !exited { killpg(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return exited && status == 0
    }

    private static func wholeSeconds(_ seconds: Double) -> Int { max(1, Int(seconds.rounded(.up))) }

    private static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
