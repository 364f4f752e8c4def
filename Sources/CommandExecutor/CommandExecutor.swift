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
/// With MESOS_CHECKPOINT=1 it outlives its agent: when the agent goes away (restarted,
/// upgraded, crashed) its tasks keep running and it re-subscribes with backoff, resending
/// what the agent never acknowledged, until MESOS_RECOVERY_TIMEOUT passes. Without
/// checkpointing it kills its tasks and exits, since nothing could report them.
///
/// One thread and one `poll(2)` loop over the agent's event stream and each task's pidfd:
/// agents start one executor per task, so start-up and per-message costs are kept minimal.
public final class CommandExecutor {
    public static let defaultKillGraceNanoseconds: Int64 = 3_000_000_000
    static let acknowledgementTimeoutNanoseconds: Int64 = 60_000_000_000
    static let firstResubscribeDelayNanoseconds: Int64 = 50_000_000
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
        /// Health checking: the checker's result pipe, since when the task runs, its
        /// consecutive failures, and its health as last reported.
        var healthFD: Int32 = -1
        var startedAt: Int64 = 0
        var healthFailures = 0
        var healthy: Bool?
        var everHealthy = false
        var killedForHealth = false
    }

    /// An update the agent has not acknowledged yet.
    struct PendingUpdate {
        var uuid: [UInt8]
        var taskID: String
        var status: [UInt8]
    }

    let environment: ExecutorEnvironment
    var stream: HTTPConnection?
    var chunks = ChunkedDecoder()
    var records = RecordIODecoder()
    var calls: HTTPConnection?
    var tasks: [String: RunningTask] = [:]
    var order: [String] = []
    var groupsLaunched = 0
    var groupsBeingKilled: Set<Int> = []
    var shuttingDown = false
    var unacknowledged: [PendingUpdate] = []
    /// Tasks with at least one acknowledged update (the rest are resent on re-subscription).
    var acknowledgedTasks: Set<String> = []
    var killingState = false
    var giveUpAt: Int64?
    var finished = false
    var exitCode: Int32 = 0
    /// While the agent is away: since when, and when to try to subscribe again.
    var disconnectedAt: Int64?
    var nextSubscription: Int64?
    var subscriptionBackoff: Int64 = CommandExecutor.firstResubscribeDelayNanoseconds

    public init(environment: ExecutorEnvironment) {
        self.environment = environment
    }

    /// Subscribes to the agent and runs until done. Returns the process exit code.
    public func run() -> Int32 {
        // A health checker writing to the pipe of a task that just ended must not kill us.
        signal(SIGPIPE, SIG_IGN)
        do {
            try self.subscribe()
        } catch {
            StandardError.write("agora executor: cannot subscribe to the agent: \(error)\n")
            return 1
        }
        self.loop()
        return self.exitCode
    }

    // MARK: - Event loop

    private func loop() {
        while !self.finished {
            let live = self.order.filter { self.tasks[$0]?.pidfd ?? -1 >= 0 }
            let checked = self.order.filter { self.tasks[$0]?.healthFD ?? -1 >= 0 }
            let streamFD = self.stream?.fd
            var descriptors = streamFD.map { [pollfd(fd: $0, events: Int16(POLLIN), revents: 0)] } ?? []
            let first = descriptors.count
            descriptors += live.map { pollfd(fd: self.tasks[$0]!.pidfd, events: Int16(POLLIN), revents: 0) }
            descriptors += checked.map { pollfd(fd: self.tasks[$0]!.healthFD, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), self.pollTimeout())
            if ready < 0 && errno != EINTR { break }
            if first == 1 && descriptors[0].revents != 0 { self.receiveEvents() }
            for (index, taskID) in checked.enumerated() where descriptors[first + live.count + index].revents != 0 {
                self.readHealth(taskID)
            }
            for (index, taskID) in live.enumerated() where descriptors[first + index].revents != 0 { self.reap(taskID) }
            self.checkDeadlines()
        }
    }

    func handle(_ event: AgentEvent) {
        switch event {
        case .subscribed(let capable): self.killingState = capable
        case .launch(let launches, let asGroup):
            let group = asGroup ? self.groupsLaunched : nil
            if asGroup { self.groupsLaunched += 1 }
            for launch in launches { self.launch(launch, group: group) }
        case .kill(let taskID, let grace): self.kill(taskID, graceNanoseconds: grace ?? self.tasks[taskID]?.launch.killGracePeriodNanoseconds)
        case .acknowledged(let taskID, let uuid): self.acknowledged(taskID, uuid)
        case .shutdown: self.shutdown()
        case .error(let message): StandardError.write("agora executor: agent error: \(message)\n")
        case .other: break
        }
    }

    func checkDeadlines() {
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
        self.checkReconnection(now: now)
        if let giveUp = self.giveUpAt, giveUp <= now, self.allTasksEnded { self.finished = true }
    }

    private func pollTimeout() -> Int32 {
        let deadlines = self.tasks.values.flatMap { [$0.killDeadline, $0.completionDeadline].compactMap { $0 } }
            + [self.giveUpAt, self.nextSubscription].compactMap { $0 }
        guard let next = deadlines.min() else { return -1 }
        return Int32(clamping: max(0, (next - Clock.now) / 1_000_000 + 1))
    }

    var allTasksEnded: Bool { !self.tasks.isEmpty && self.tasks.values.allSatisfy(\.terminal) }

    func checkDone() {
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
