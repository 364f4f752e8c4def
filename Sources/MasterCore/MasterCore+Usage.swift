import AgoraModel

extension MasterCore {
    /// What frameworks use on an agent: the resources of tasks that still hold theirs
    /// plus those of the executors running there — exactly what the allocator counts as
    /// allocated, so `/master/state` and the `*_used` metrics agree with the offers
    /// frameworks get.
    public func usedResources(onAgent agentID: AgentID) -> Resources {
        self.frameworks.keys.reduce(Resources()) { $0 + self.usedResources(of: $1, onAgent: agentID) }
    }

    /// What one framework uses, on one agent or (nil) everywhere.
    public func usedResources(of frameworkID: FrameworkID, onAgent agentID: AgentID? = nil) -> Resources {
        guard let framework = self.frameworks[frameworkID] else { return Resources() }
        var used = Resources()
        for task in framework.tasks.values where !task.resourcesReleased && (agentID == nil || task.spec.agentID == agentID) {
            used += task.spec.resources
        }
        for (executorAgent, executors) in framework.executors where agentID == nil || executorAgent == agentID {
            for executor in executors.values { used += executor.resources }
        }
        return used
    }

    /// What all frameworks use on agents that are connected (the `master/*_used` gauges).
    public var usedResourcesOfConnectedAgents: Resources {
        self.agents.values.filter(\.isConnected).reduce(Resources()) { $0 + self.usedResources(onAgent: $1.id) }
    }
}
