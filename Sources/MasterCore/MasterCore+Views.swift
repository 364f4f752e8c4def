import AgoraModel

extension MasterCore {
    /// The state as a viewer whom the ACLs let see only some of it (`view_frameworks`,
    /// `view_tasks`, `view_executors`): frameworks it may not view are left out with their
    /// tasks, and so are the tasks and executors it may not view. Agents, offers and
    /// resources stay whole. Read endpoints filter like this instead of refusing (as Mesos's).
    public func viewed(
        framework mayViewFramework: (FrameworkRecord) -> Bool,
        task mayViewTask: (TaskRecord, FrameworkRecord) -> Bool,
        executors mayViewExecutors: (FrameworkRecord) -> Bool
    ) -> MasterCore {
        var view = self
        let viewed = { (framework: FrameworkRecord) -> FrameworkRecord? in
            guard mayViewFramework(framework) else { return nil }
            var framework = framework
            framework.tasks = framework.tasks.filter { mayViewTask($0.value, framework) }
            framework.unreachableTasks = framework.unreachableTasks.filter { mayViewTask($0.value, framework) }
            framework.completedTasks = framework.completedTasks.filter { mayViewTask($0, framework) }
            if !mayViewExecutors(framework) { framework.executors = [:] }
            return framework
        }
        view.frameworks = self.frameworks.compactMapValues(viewed)
        view.completedFrameworks = self.completedFrameworks.compactMap(viewed)
        for (agentID, agent) in self.agents {
            view.agents[agentID]?.tasks = agent.tasks.filter { self.frameworks[$0.key] == nil || view.frameworks[$0.key] != nil }
            for (frameworkID, taskIDs) in view.agents[agentID]?.tasks ?? [:] {
                guard let framework = view.frameworks[frameworkID] else { continue }
                view.agents[agentID]?.tasks[frameworkID] = taskIDs.filter {
                    framework.tasks[$0] != nil || framework.unreachableTasks[$0] != nil
                }
            }
        }
        view.offers = self.offers.filter { view.frameworks[$0.value.offer.frameworkID] != nil }
        return view
    }
}
