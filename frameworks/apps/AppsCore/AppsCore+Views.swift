extension AppsCore {
    /// The state as a viewer whom the ACLs let see only some apps (`view_run_specs`): the
    /// other apps are left out with their versions, instances, tasks, health, backoff and
    /// offer statistics, and so are deployments that touch none of the viewer's apps.
    /// Every read renders from such a view, so lists filter instead of refusing (as
    /// Marathon's do) and a hidden app reads as absent.
    public func viewed(keeping mayView: (PathID) -> Bool) -> AppsCore {
        var view = self
        view.apps = self.apps.filter { mayView($0.key) }
        view.versions = self.versions.filter { mayView($0.key) }
        view.terminatingApps = self.terminatingApps.filter { mayView($0.key) }
        for (appID, instanceIDs) in self.instancesByApp where !mayView(appID) {
            for id in instanceIDs { view.instances.removeValue(forKey: id) }
            view.instancesByApp[appID] = nil
        }
        view.instanceByTask = self.instanceByTask.filter { view.instances[$0.value] != nil }
        view.health = self.health.filter { view.instances[$0.key] != nil }
        view.readiness = self.readiness.filter { view.instances[$0.key] != nil }
        view.deployments = self.deployments.filter { $0.value.affectedApps.contains(where: mayView) }
        view.deploymentOrder = self.deploymentOrder.filter { view.deployments[$0] != nil }
        view.delays = self.delays.filter { mayView($0.key.appID) }
        view.offerStats = self.offerStats.filter { mayView($0.key) }
        view.lastTaskFailures = self.lastTaskFailures.filter { mayView($0.key) }
        return view
    }

    /// The app whose task `taskID` is, if it is one of this framework's.
    public func appID(ofTask taskID: String) -> PathID? {
        self.instanceByTask[taskID].flatMap { self.instances[$0]?.appID }
    }
}
