import AgoraPosix
import CAgoraPosix

#if canImport(Glibc)
import Glibc
#endif

extension CommandExecutor {
    func launch(_ launch: TaskLaunch, group: Int?) {
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
            self.tasks[taskID]!.startedAt = Clock.now
            self.send(taskID, .running)
            self.startHealthChecks(taskID)
        } catch {
            self.tasks[taskID]!.terminal = true
            self.send(taskID, .failed, message: "Failed to launch the command: \(error)", reason: 0)
            self.killGroup(of: taskID)
        }
    }

    /// The task's process exited: report how.
    func reap(_ taskID: String) {
        guard var task = self.tasks[taskID], task.pid > 0 else { return }
        var status: Int32 = 0
        guard waitpid(task.pid, &status, WNOHANG) == task.pid else { return }
        close(task.pidfd)
        task.pidfd = -1
        if task.healthFD >= 0 {
            close(task.healthFD)
            task.healthFD = -1
        }
        let wasTerminal = task.terminal
        task.terminal = true
        task.killDeadline = nil
        self.tasks[taskID] = task
        // Whatever the task left in its process group goes with it.
        killpg(task.pid, SIGKILL)
        guard !wasTerminal else { return }
        let description = Self.describe(status)
        if task.killed {
            // A task killed for failing its health checks says so (Mesos: healthy=false).
            self.send(taskID, .killed, message: "Command \(description)", healthy: task.killedForHealth ? false : nil)
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
    func killGroup(of taskID: String) {
        guard !self.shuttingDown, let group = self.tasks[taskID]?.group, !self.groupsBeingKilled.contains(group) else { return }
        self.groupsBeingKilled.insert(group)
        for other in self.order where other != taskID && self.tasks[other]?.group == group {
            self.kill(other, graceNanoseconds: self.tasks[other]?.launch.killGracePeriodNanoseconds)
        }
    }

    /// SIGTERM to the task's process tree and group now, SIGKILL after the grace period.
    func kill(_ taskID: String, graceNanoseconds: Int64?) {
        guard var task = self.tasks[taskID], !task.terminal, !task.killed, task.pid > 0 else { return }
        task.killed = true
        task.killDeadline = Clock.now + max(0, graceNanoseconds ?? Self.defaultKillGraceNanoseconds)
        self.tasks[taskID] = task
        if self.killingState { self.send(taskID, .killing) }
        ProcessTree.signal(task.pid, SIGTERM)
    }

    func shutdown() {
        self.shuttingDown = true
        for taskID in self.order { self.kill(taskID, graceNanoseconds: self.environment.shutdownGraceNanoseconds) }
        self.checkDone()
    }

    /// Nothing can report the tasks any more: kill them and stop.
    func abandonTasks(_ why: String) {
        StandardError.write("agora executor: \(why); killing the tasks\n")
        for task in self.tasks.values where !task.terminal && task.pid > 0 { ProcessTree.signal(task.pid, SIGKILL) }
        self.exitCode = 1
        self.finished = true
    }
}
