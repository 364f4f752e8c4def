import AgoraModel

/// Checks one task of a LAUNCH against its framework, agent and what is left of the offers
/// (Mesos `validation::task`). Returns the message for TASK_ERROR, or nil when valid.
struct TaskValidation {
    /// Custom executors need at least this much (Mesos MIN_CPUS / MIN_MEM).
    static let minimumExecutorCPUs = Scalar(0.01)
    static let minimumExecutorMem = Scalar(32)

    var framework: FrameworkRecord
    var agentID: AgentID
    /// Task IDs already used by this accept.
    var launchedIDs: Set<TaskID>
    var available: Resources

    func validate(_ task: TaskSpec, inGroup: Bool = false) -> String? {
        if let problem = Self.validateID(task.taskID.value, kind: "Task") { return problem }
        if self.framework.tasks[task.taskID] != nil || self.launchedIDs.contains(task.taskID) {
            return "Task has duplicate ID: \(task.taskID)"
        }
        if task.agentID != self.agentID {
            return "Task uses agent \(task.agentID) which doesn't match the offer's agent \(self.agentID)"
        }
        if !inGroup && task.hasCommand == (task.executor != nil) {
            return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present"
        }
        if inGroup && task.executor != nil { return "Task '\(task.taskID)' in a task group must not set an executor" }
        if inGroup && !task.hasCommand { return "Task '\(task.taskID)' in a task group must have a CommandInfo" }
        if task.resources.isEmpty { return "Task uses no resources" }
        if let problem = Self.validateLimits(task) { return problem }
        if let grace = task.killGracePeriod, grace < .zero { return "Task's 'kill_policy.grace_period' must be non-negative" }
        if let executor = task.executor, let problem = self.validateExecutor(executor) { return problem }
        let needed = task.resources + self.newExecutorResources(task.executor)
        if !self.available.contains(needed) {
            return "Task uses more resources \(needed.unallocated) than available \(self.available.unallocated)"
        }
        return nil
    }

    /// Executor resources are charged once, when the executor first starts on the agent.
    func newExecutorResources(_ executor: ExecutorSpec?) -> Resources {
        guard let executor, self.framework.executors[self.agentID]?[executor.executorID] == nil else { return Resources() }
        return executor.resources
    }

    func validateExecutor(_ executor: ExecutorSpec) -> String? {
        if let problem = Self.validateID(executor.executorID.value, kind: "Executor") { return problem }
        if let existing = self.framework.executors[self.agentID]?[executor.executorID] {
            return existing.payload == executor.payload || existing.payload.isEmpty || executor.payload.isEmpty
                ? nil : "ExecutorInfo is not compatible with the existing executor '\(executor.executorID)'"
        }
        if executor.kind == .custom && !executor.hasCommand { return "Executor '\(executor.executorID)' has no CommandInfo" }
        if executor.kind == .custom
            && (executor.resources.scalar("cpus") < Self.minimumExecutorCPUs
                || executor.resources.scalar("mem") < Self.minimumExecutorMem)
        {
            return "Executor '\(executor.executorID)' uses less than \(Self.minimumExecutorCPUs) cpus and \(Self.minimumExecutorMem) mem"
        }
        return nil
    }

    static func validateLimits(_ task: TaskSpec) -> String? {
        for (name, limit) in task.limits.sorted(by: { $0.key < $1.key }) {
            guard name == "cpus" || name == "mem" else {
                return "Resource limits can only be set for 'cpus' and 'mem', not '\(name)'"
            }
            let request = task.resources.scalar(name).doubleValue
            if limit < request {
                return "The resource limit for '\(name)' (\(limit)) is less than the request (\(request))"
            }
        }
        return nil
    }

    /// Mesos's ID rules: non-empty, no slash, backslash or whitespace, not `.` or `..`.
    static func validateID(_ id: String, kind: String) -> String? {
        if id.isEmpty { return "\(kind) ID must not be empty" }
        if id == "." || id == ".." { return "\(kind) ID '\(id)' is disallowed" }
        if id.contains(where: { $0 == "/" || $0 == "\\" || $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true }) {
            return "\(kind) ID '\(id)' contains invalid characters"
        }
        if id.utf8.count > 255 { return "\(kind) ID is longer than 255 bytes" }
        return nil
    }
}
