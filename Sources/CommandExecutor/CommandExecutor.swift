import AgoraPosix
import AgoraRecordIO
import CAgoraPosix

#if canImport(Glibc)
import Glibc
#endif

/// Agora's built-in command executor (`agora executor`, `agora-executor`): runs each task's
/// CommandInfo in the sandbox and reports TASK_STARTING → TASK_RUNNING → TASK_FINISHED /
/// TASK_FAILED / TASK_KILLED, as Mesos's command executor does. KILL sends SIGTERM to the
/// task's whole process tree and SIGKILL after the grace period (3 s unless the kill policy
/// says otherwise). As the agent's default executor it also runs task groups with Mesos's
/// restart policy: when one task of a group fails or is killed, the rest of its group is
/// killed. It exits once every task has ended and its last update was acknowledged (or
/// after a minute without the acknowledgement).
///
/// One thread and one `poll(2)` loop over the agent's event stream and each task's pidfd:
/// agents start one executor per task, so start-up and per-message costs are kept minimal.
public final class CommandExecutor {
    public static let defaultKillGraceNanoseconds: Int64 = 3_000_000_000
    static let acknowledgementTimeoutNanoseconds: Int64 = 60_000_000_000
    static let apiPath = "/api/v1/executor"
    static let contentType = "application/x-protobuf"

    struct RunningTask {
        var launch: TaskLaunch
        /// The LAUNCH_GROUP the task came in, if any.
        var group: Int?
        var pid: pid_t = -1
        var pidfd: Int32 = -1
        var killed = false
        var terminal = false
        var killDeadline: Int64?
        var completionDeadline: Int64?
    }

    let environment: ExecutorEnvironment
    private var calls: HTTPConnection?
    private var tasks: [String: RunningTask] = [:]
    private var order: [String] = []
    private var groupsLaunched = 0
    private var groupsBeingKilled: Set<Int> = []
    private var shuttingDown = false
    private var unacknowledged: Set<[UInt8]> = []
    private var killingState = false
    private var giveUpAt: Int64?
    private var finished = false

    public init(environment: ExecutorEnvironment) {
        self.environment = environment
    }

    /// Subscribes to the agent and runs until done. Returns the process exit code.
    public func run() -> Int32 {
        let stream: HTTPConnection
        do {
            stream = try HTTPConnection(endpoint: self.environment.agentEndpoint)
            try stream.post(path: Self.apiPath, contentType: Self.contentType, body: ExecutorCalls.subscribe(self.environment))
            let head = try stream.readHead()
            guard head.status == 200 else {
                let body = String(decoding: (try? stream.readBody(head)) ?? [], as: UTF8.self)
                StandardError.write("agora executor: the agent refused the subscription (HTTP \(head.status)): \(body)\n")
                return 1
            }
        } catch {
            StandardError.write("agora executor: cannot subscribe to the agent: \(error)\n")
            return 1
        }
        return self.loop(stream)
    }

    // MARK: - Event loop

    private func loop(_ stream: HTTPConnection) -> Int32 {
        var chunks = ChunkedDecoder()
        var records = RecordIODecoder()
        do {
            // Events that arrived together with the response head are already buffered.
            for record in try records.decode(try stream.takeChunked(&chunks)) { self.handle(try AgentEvent.decode(record)) }
        } catch {
            self.agentGone(error)
            return 1
        }
        while !self.finished {
            let live = self.order.filter { self.tasks[$0]?.pidfd ?? -1 >= 0 }
            var descriptors = [pollfd(fd: stream.fd, events: Int16(POLLIN), revents: 0)]
                + live.map { pollfd(fd: self.tasks[$0]!.pidfd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), self.pollTimeout())
            if ready < 0 && errno != EINTR { break }
            if descriptors[0].revents != 0 {
                do {
                    let body = try stream.receiveChunked(&chunks)
                    for record in try records.decode(body) { self.handle(try AgentEvent.decode(record)) }
                } catch {
                    self.agentGone(error)
                    return 1
                }
            }
            for (index, taskID) in live.enumerated() where descriptors[index + 1].revents != 0 { self.reap(taskID) }
            self.checkDeadlines()
        }
        return 0
    }

    private func handle(_ event: AgentEvent) {
        switch event {
        case .subscribed(let capable): self.killingState = capable
        case .launch(let launches, let asGroup):
            let group = asGroup ? self.groupsLaunched : nil
            if asGroup { self.groupsLaunched += 1 }
            for launch in launches { self.launch(launch, group: group) }
        case .kill(let taskID, let grace): self.kill(taskID, graceNanoseconds: grace ?? self.tasks[taskID]?.launch.killGracePeriodNanoseconds)
        case .acknowledged(_, let uuid): self.acknowledged(uuid)
        case .shutdown: self.shutdown()
        case .error(let message): StandardError.write("agora executor: agent error: \(message)\n")
        case .other: break
        }
    }

    // MARK: - Tasks

    private func launch(_ launch: TaskLaunch, group: Int?) {
        let taskID = launch.taskID
        guard self.tasks[taskID] == nil else { return }
        self.tasks[taskID] = RunningTask(launch: launch, group: group)
        self.order.append(taskID)
        self.send(taskID, .starting)
        do {
            let pid = try Spawner.spawn(try CommandProcess.request(for: launch, sandbox: self.environment.sandbox), reaped: false)
            self.tasks[taskID]!.pid = pid
            self.tasks[taskID]!.pidfd = agora_pidfd_open(pid)
            if let limit = launch.maxCompletionNanoseconds { self.tasks[taskID]!.completionDeadline = Clock.now + limit }
            self.send(taskID, .running)
        } catch {
            self.tasks[taskID]!.terminal = true
            self.send(taskID, .failed, message: "Failed to launch the command: \(error)", reason: 0)
            self.killGroup(of: taskID)
        }
    }

    /// The task's process exited: report how.
    private func reap(_ taskID: String) {
        guard var task = self.tasks[taskID], task.pid > 0 else { return }
        var status: Int32 = 0
        guard waitpid(task.pid, &status, WNOHANG) == task.pid else { return }
        close(task.pidfd)
        task.pidfd = -1
        let wasTerminal = task.terminal
        task.terminal = true
        task.killDeadline = nil
        self.tasks[taskID] = task
        guard !wasTerminal else { return }
        let description = Self.describe(status)
        if task.killed {
            self.send(taskID, .killed, message: "Command \(description)")
        } else if status == 0 {
            self.send(taskID, .finished, message: "Command exited with status 0")
            return
        } else {
            self.send(taskID, .failed, message: "Command \(description)")
        }
        self.killGroup(of: taskID)
    }

    /// Mesos's default restart policy for task groups: one task failing or killed takes the
    /// rest of its group down with it.
    private func killGroup(of taskID: String) {
        guard !self.shuttingDown, let group = self.tasks[taskID]?.group, !self.groupsBeingKilled.contains(group) else { return }
        self.groupsBeingKilled.insert(group)
        for other in self.order where other != taskID && self.tasks[other]?.group == group {
            self.kill(other, graceNanoseconds: self.tasks[other]?.launch.killGracePeriodNanoseconds)
        }
    }

    private func kill(_ taskID: String, graceNanoseconds: Int64?) {
        guard var task = self.tasks[taskID], !task.terminal, !task.killed, task.pid > 0 else { return }
        task.killed = true
        task.killDeadline = Clock.now + max(0, graceNanoseconds ?? Self.defaultKillGraceNanoseconds)
        self.tasks[taskID] = task
        if self.killingState { self.send(taskID, .killing) }
        ProcessTree.signal(task.pid, SIGTERM)
    }

    private func shutdown() {
        self.shuttingDown = true
        for taskID in self.order { self.kill(taskID, graceNanoseconds: self.environment.shutdownGraceNanoseconds) }
        self.checkDone()
    }

    /// Without the agent nothing can be reported: kill the tasks and stop.
    private func agentGone(_ error: any Error) {
        StandardError.write("agora executor: lost the agent: \(error)\n")
        for task in self.tasks.values where !task.terminal && task.pid > 0 { ProcessTree.signal(task.pid, SIGKILL) }
    }

    private func checkDeadlines() {
        let now = Clock.now
        for taskID in self.order {
            guard let task = self.tasks[taskID], !task.terminal || task.pidfd >= 0 else { continue }
            if let deadline = task.killDeadline, deadline <= now {
                self.tasks[taskID]!.killDeadline = nil
                ProcessTree.signal(task.pid, SIGKILL)
            }
            if let deadline = task.completionDeadline, deadline <= now, !task.terminal {
                self.tasks[taskID]!.completionDeadline = nil
                self.tasks[taskID]!.terminal = true
                ProcessTree.signal(task.pid, SIGKILL)
                self.send(taskID, .failed, message: "Task exceeded its max_completion_time", reason: 33)
            }
        }
        if let giveUp = self.giveUpAt, giveUp <= now, self.allTasksEnded { self.finished = true }
    }

    private func pollTimeout() -> Int32 {
        let deadlines = self.tasks.values.flatMap { [$0.killDeadline, $0.completionDeadline].compactMap { $0 } } + [self.giveUpAt].compactMap { $0 }
        guard let next = deadlines.min() else { return -1 }
        return Int32(clamping: max(0, (next - Clock.now) / 1_000_000 + 1))
    }

    // MARK: - Updates

    /// Sends one update and waits for the agent's answer; the agent acknowledges it on the
    /// event stream once it holds it.
    private func send(_ taskID: String, _ state: TaskStateCode, message: String? = nil, reason: Int? = nil) {
        var generator = SystemRandomNumberGenerator()
        let uuid = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if state.isTerminal {
            self.unacknowledged.insert(uuid)
            self.giveUpAt = Clock.now + Self.acknowledgementTimeoutNanoseconds
        }
        let body = ExecutorCalls.update(
            self.environment, taskID: taskID, state: state, message: message, reason: reason, uuid: uuid, timestamp: Clock.wall)
        do {
            try self.post(body)
        } catch {
            StandardError.write("agora executor: update \(state) of \(taskID) failed: \(error)\n")
        }
    }

    /// POSTs over a kept-alive connection, reconnecting once if it broke.
    private func post(_ body: [UInt8]) throws {
        for attempt in 0..<2 {
            do {
                let connection = try self.calls ?? HTTPConnection(endpoint: self.environment.agentEndpoint)
                self.calls = connection
                try connection.post(path: Self.apiPath, contentType: Self.contentType, body: body)
                let head = try connection.readHead()
                let response = try connection.readBody(head)
                if head.headers["connection"]?.lowercased() == "close" { self.calls = nil }
                guard head.status == 200 || head.status == 202 else {
                    throw HTTPError("HTTP \(head.status): \(String(decoding: response, as: UTF8.self))")
                }
                return
            } catch {
                self.calls = nil
                if attempt == 1 { throw error }
            }
        }
    }

    private func acknowledged(_ uuid: [UInt8]) {
        self.unacknowledged.remove(uuid)
        self.checkDone()
    }

    private var allTasksEnded: Bool { !self.tasks.isEmpty && self.tasks.values.allSatisfy(\.terminal) }

    private func checkDone() {
        if self.allTasksEnded && self.unacknowledged.isEmpty { self.finished = true }
    }

    /// "exited with status 3" / "terminated with signal 15 (Terminated)", as Mesos words it.
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "terminated with signal \(signal) (\(String(cString: strsignal(signal))))"
    }
}

/// Monotonic and wall clocks in nanoseconds / seconds.
enum Clock {
    static var now: Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    static var wall: Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
