import AgoraModel

extension MasterCore {
    /// A re-registering agent reports every executor it still runs; executors the master
    /// holds for that agent but the agent no longer reports exited while the master was not
    /// listening (their EXECUTOR_EXITED was lost with a master restart or a broken link).
    /// They are forgotten, so the resources they held return to the agent's pool when the
    /// allocator is rebuilt from the master's records (`resetAllocation`).
    mutating func reconcileExecutors(on agentID: AgentID, reported: [ReportedExecutor]) {
        var running: [FrameworkID: Set<ExecutorID>] = [:]
        for report in reported { running[report.frameworkID, default: []].insert(report.executor.executorID) }
        for (frameworkID, framework) in self.frameworks.sorted(by: { $0.key < $1.key }) {
            guard let known = framework.executors[agentID] else { continue }
            let kept = known.filter { running[frameworkID]?.contains($0.key) ?? false }
            self.frameworks[frameworkID]!.executors[agentID] = kept.isEmpty ? nil : kept
        }
    }
}
