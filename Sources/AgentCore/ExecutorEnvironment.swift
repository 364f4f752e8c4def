import AgoraModel
import AgoraSecurity

extension AgentCore {
    /// The environment of an executor's process, exactly as reference/mesos.md §3.2 lists:
    /// configured extras, then the `MESOS_*` variables, then PATH if nothing set one.
    func environment(for record: ExecutorRecord, checkpoint: Bool) -> [String: String] {
        var environment = self.configuration.executorEnvironment
        let endpoint = self.configuration.endpoint
        let values: [(String, String)] = [
            ("LIBPROCESS_PORT", "0"),
            ("MESOS_FRAMEWORK_ID", record.frameworkID.value),
            ("MESOS_EXECUTOR_ID", record.executorID.value),
            ("MESOS_DIRECTORY", record.sandbox),
            ("MESOS_SANDBOX", record.sandbox),
            ("MESOS_SLAVE_ID", self.agentID?.value ?? ""),
            ("MESOS_AGENT_ID", self.agentID?.value ?? ""),
            ("MESOS_SLAVE_PID", "slave(1)@\(endpoint)"),
            ("MESOS_AGENT_ENDPOINT", endpoint),
            ("MESOS_CHECKPOINT", checkpoint ? "1" : "0"),
            ("MESOS_HTTP_COMMAND_EXECUTOR", "1"),
            ("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", Self.stoutDuration(self.configuration.executorShutdownGracePeriod)),
            ("MESOS_CONTAINER_ID", record.containerID.value),
        ]
        for (name, value) in values { environment[name] = value }
        if let key = self.configuration.executorTokenKey {
            let token = ExecutorToken(frameworkID: record.frameworkID.value, executorID: record.executorID.value, containerID: record.containerID.value)
            environment["MESOS_EXECUTOR_AUTHENTICATION_TOKEN"] = token.signed(with: key)
        }
        if checkpoint {
            environment["MESOS_RECOVERY_TIMEOUT"] = Self.stoutDuration(self.configuration.recoveryTimeout)
            environment["MESOS_SUBSCRIPTION_BACKOFF_MAX"] = Self.stoutDuration(self.configuration.subscriptionBackoffMax)
        }
        if environment["PATH"] == nil { environment["PATH"] = self.configuration.defaultPath }
        return environment
    }

    /// Durations the way stout prints them: `5secs`, `15mins`, `500ms`.
    static func stoutDuration(_ duration: Duration) -> String {
        let seconds = duration.seconds
        if seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))mins" }
        if seconds >= 1 && seconds.rounded() == seconds { return "\(Int(seconds))secs" }
        return "\(Int((seconds * 1000).rounded()))ms"
    }
}
