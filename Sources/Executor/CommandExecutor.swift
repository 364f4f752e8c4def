import AgoraPosix
import AgoraProto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// Agora's built-in command executor (`agora executor`): runs each task's CommandInfo in
/// the sandbox and reports TASK_STARTING → TASK_RUNNING → TASK_FINISHED / TASK_FAILED /
/// TASK_KILLED, as Mesos's command executor does. KILL sends SIGTERM to the task's whole
/// process tree and SIGKILL after the grace period (3 s unless the kill policy says
/// otherwise). It exits once every task has ended and its last update was acknowledged.
public actor CommandExecutor {
    struct RunningTask {
        var info: Agora_V1_TaskInfo
        var pid: pid_t
        var killed = false
        var terminal = false
    }

    /// Default grace between SIGTERM and SIGKILL.
    public static let defaultKillGracePeriod: Duration = .seconds(3)
    /// Longest wait for the agent to acknowledge the last update before exiting anyway.
    public static let acknowledgementTimeout: Duration = .seconds(60)

    let session: ExecutorSession
    private var framework = Agora_V1_FrameworkInfo()
    private var tasks: [String: RunningTask] = [:]
    private var unacknowledged: Set<Data> = []
    /// Updates waiting to be sent, in order; the executor never exits with one pending.
    private var outbox: [(Agora_V1_TaskStatus, Data)] = []
    private var flushing = false
    private var launched = false
    private var finished: CheckedContinuation<Void, Never>?
    private var isDone = false

    public init(session: ExecutorSession) {
        self.session = session
    }

    /// Runs until the executor's work is done or the agent goes away. Returns the exit code.
    public func run() async -> Int32 {
        do {
            let events = try await self.session.subscribe()
            let watcher = Task { [weak self] in
                do {
                    for try await event in events { await self?.handle(event) }
                } catch {
                    StandardError.write("agora executor: event stream failed: \(error)\n")
                }
                await self?.agentGone()
            }
            await self.waitUntilDone()
            watcher.cancel()
            return 0
        } catch {
            StandardError.write("agora executor: cannot subscribe to the agent: \(error)\n")
            return 1
        }
    }

    private func waitUntilDone() async {
        guard !self.isDone else { return }
        await withCheckedContinuation { self.finished = $0 }
    }

    private func done() {
        guard !self.isDone else { return }
        self.isDone = true
        self.finished?.resume()
        self.finished = nil
    }

    func handle(_ event: Agora_V1_Executor_Event) {
        switch event.type {
        case .subscribed: self.framework = event.subscribed.frameworkInfo
        case .launch: self.launch(event.launch.task)
        case .launchGroup: for task in event.launchGroup.taskGroup.tasks { self.launch(task) }
        case .kill: self.kill(event.kill.taskID.value, grace: Self.grace(event.kill.killPolicy, self.tasks[event.kill.taskID.value]?.info))
        case .acknowledged: self.acknowledged(event.acknowledged.uuid)
        case .shutdown: self.shutdown()
        case .error: StandardError.write("agora executor: agent error: \(event.error.message)\n")
        case .message, .heartbeat, .unknown: break
        }
    }

    // MARK: - Tasks

    private func launch(_ info: Agora_V1_TaskInfo) {
        let taskID = info.taskID.value
        self.launched = true
        self.tasks[taskID] = RunningTask(info: info, pid: -1)
        self.send(taskID, .taskStarting)
        do {
            let pid = try Spawner.spawn(try CommandBuilder.request(for: info, sandbox: self.session.environment.sandbox))
            self.tasks[taskID]?.pid = pid
            if self.tasks[taskID]?.killed == true { ProcessTree.signal(pid, SIGKILL) }
            self.send(taskID, .taskRunning)
            Task { [weak self] in
                let status = await ProcessReaper.shared.waitForExit(of: pid)
                await self?.exited(taskID, waitStatus: status)
            }
            if info.hasMaxCompletionTime { self.enforceDeadline(taskID, .nanoseconds(info.maxCompletionTime.nanoseconds)) }
        } catch {
            self.tasks[taskID] = RunningTask(info: info, pid: -1, terminal: true)
            self.send(taskID, .taskFailed, message: "Failed to launch the command: \(error)", reason: .commandExecutorFailed)
        }
    }

    private func exited(_ taskID: String, waitStatus: Int32) {
        guard var task = self.tasks[taskID], !task.terminal else { return }
        task.terminal = true
        self.tasks[taskID] = task
        let description = Self.describe(waitStatus)
        if task.killed {
            self.send(taskID, .taskKilled, message: "Command \(description)")
        } else if waitStatus == 0 {
            self.send(taskID, .taskFinished, message: "Command exited with status 0")
        } else {
            self.send(taskID, .taskFailed, message: "Command \(description)")
        }
    }

    private func kill(_ taskID: String, grace: Duration) {
        guard var task = self.tasks[taskID], !task.terminal, !task.killed else { return }
        task.killed = true
        self.tasks[taskID] = task
        if self.framework.capabilities.contains(where: { $0.type == .taskKillingState }) {
            self.send(taskID, .taskKilling)
        }
        ProcessTree.signal(task.pid, SIGTERM)
        let pid = task.pid
        Task { [weak self] in
            try? await Task.sleep(for: grace)
            guard await self?.isRunning(taskID) == true else { return }
            ProcessTree.signal(pid, SIGKILL)
        }
    }

    private func enforceDeadline(_ taskID: String, _ limit: Duration) {
        Task { [weak self] in
            try? await Task.sleep(for: limit)
            await self?.deadlinePassed(taskID)
        }
    }

    private func deadlinePassed(_ taskID: String) {
        guard var task = self.tasks[taskID], !task.terminal else { return }
        task.terminal = true
        self.tasks[taskID] = task
        ProcessTree.signal(task.pid, SIGKILL)
        self.send(taskID, .taskFailed, message: "Task exceeded its max_completion_time", reason: .maxCompletionTimeReached)
    }

    private func isRunning(_ taskID: String) -> Bool { self.tasks[taskID].map { !$0.terminal } ?? false }

    private func shutdown() {
        for taskID in self.tasks.keys.sorted() { self.kill(taskID, grace: self.session.environment.shutdownGracePeriod) }
        if self.tasks.values.allSatisfy(\.terminal) { self.done() }
    }

    /// Without the agent nothing can be reported: kill the tasks and stop.
    private func agentGone() {
        for task in self.tasks.values where !task.terminal { ProcessTree.signal(task.pid, SIGKILL) }
        self.done()
    }

    // MARK: - Updates

    /// Queues an update; one sender delivers the queue in order, so a fast task's
    /// TASK_FINISHED never overtakes its TASK_RUNNING.
    private func send(
        _ taskID: String, _ state: Agora_V1_TaskState, message: String? = nil, reason: Agora_V1_TaskStatus.Reason? = nil
    ) {
        var status = Agora_V1_TaskStatus()
        status.taskID.value = taskID
        status.state = state
        if let message { status.message = message }
        if let reason { status.reason = reason }
        // Record the UUID before sending: the agent's ACKNOWLEDGED can arrive before the
        // call returns.
        let uuid = ExecutorSession.newUUID()
        if Self.isTerminal(state) {
            self.unacknowledged.insert(uuid)
            self.scheduleGiveUp()
        }
        self.outbox.append((status, uuid))
        guard !self.flushing else { return }
        self.flushing = true
        Task { await self.flush() }
    }

    private func flush() async {
        while !self.outbox.isEmpty {
            let (status, uuid) = self.outbox.removeFirst()
            do {
                try await self.session.update(status, uuid: uuid)
            } catch {
                StandardError.write("agora executor: update \(status.state) of \(status.taskID.value) failed: \(error)\n")
            }
        }
        self.flushing = false
        self.checkDone()
    }

    private func acknowledged(_ uuid: Data) {
        self.unacknowledged.remove(uuid)
        self.checkDone()
    }

    private func scheduleGiveUp() {
        Task { [weak self] in
            try? await Task.sleep(for: Self.acknowledgementTimeout)
            await self?.giveUpWaiting()
        }
    }

    private func giveUpWaiting() {
        if self.allTasksEnded && !self.flushing { self.done() }
    }

    private func checkDone() {
        if self.allTasksEnded && self.unacknowledged.isEmpty && !self.flushing { self.done() }
    }

    private var allTasksEnded: Bool { self.launched && !self.tasks.isEmpty && self.tasks.values.allSatisfy(\.terminal) }

    static func isTerminal(_ state: Agora_V1_TaskState) -> Bool {
        [.taskFinished, .taskFailed, .taskKilled, .taskError, .taskLost, .taskDropped, .taskGone, .taskGoneByOperator].contains(state)
    }

    static func grace(_ policy: Agora_V1_KillPolicy, _ task: Agora_V1_TaskInfo?) -> Duration {
        if policy.hasGracePeriod { return .nanoseconds(max(0, policy.gracePeriod.nanoseconds)) }
        if let task, task.killPolicy.hasGracePeriod { return .nanoseconds(max(0, task.killPolicy.gracePeriod.nanoseconds)) }
        return Self.defaultKillGracePeriod
    }

    /// "exited with status 3" / "terminated with signal 15 (Terminated)", as Mesos words it.
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "terminated with signal \(signal) (\(String(cString: strsignal(signal))))"
    }
}

/// Writes diagnostics to stderr (the sandbox's `stderr` file) without Foundation.
public enum StandardError {
    public static func write(_ text: String) {
        var line = text
        line.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}
