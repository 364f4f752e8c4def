import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

extension CommandExecutor {
    /// REASON_TASK_HEALTH_CHECK_STATUS_UPDATED.
    static let healthReason = 29

    func startHealthChecks(_ taskID: String) {
        guard let spec = self.tasks[taskID]?.launch.healthCheck else { return }
        var environment = Spawner.currentEnvironment
        for (name, value) in self.tasks[taskID]!.launch.environment { environment[name] = value }
        do {
            self.tasks[taskID]!.healthFD = try HealthChecker.start(spec, sandbox: self.environment.sandbox, environment: environment)
        } catch {
            StandardError.write("agora executor: cannot start health checks of \(taskID): \(error)\n")
        }
    }

    /// Results from a task's checker: each byte is one check.
    func readHealth(_ taskID: String) {
        guard let fd = self.tasks[taskID]?.healthFD, fd >= 0 else { return }
        var results = [UInt8](repeating: 0, count: 64)
        let count = results.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else {
            close(fd)
            self.tasks[taskID]?.healthFD = -1
            return
        }
        for result in results.prefix(count) { self.healthChecked(taskID, healthy: result == 1) }
    }

    /// Mesos's health semantics: failures in the grace period (before the first success)
    /// do not count; each counted failure reports the task unhealthy; a success reports it
    /// healthy when it was not; `consecutive_failures` failures in a row kill it.
    func healthChecked(_ taskID: String, healthy: Bool) {
        guard var task = self.tasks[taskID], !task.terminal, !task.killed, let spec = task.launch.healthCheck else { return }
        if healthy {
            task.healthFailures = 0
            task.everHealthy = true
            let changed = task.healthy != true
            task.healthy = true
            self.tasks[taskID] = task
            if changed { self.send(taskID, .running, message: "Task is healthy", reason: Self.healthReason, healthy: true) }
            return
        }
        let inGrace = !task.everHealthy && Double(Clock.now - task.startedAt) / 1e9 < spec.gracePeriodSeconds
        guard !inGrace else { return }
        task.healthFailures += 1
        task.healthy = false
        self.tasks[taskID] = task
        let failures = task.healthFailures
        self.send(taskID, .running, message: "Health check failed (\(failures) of \(spec.consecutiveFailures) in a row)",
                  reason: Self.healthReason, healthy: false)
        if failures >= spec.consecutiveFailures {
            StandardError.write("agora executor: \(taskID) failed \(failures) health checks in a row; killing it\n")
            self.tasks[taskID]!.killedForHealth = true
            self.kill(taskID, graceNanoseconds: task.launch.killGracePeriodNanoseconds)
        }
    }
}
