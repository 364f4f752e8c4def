import AgoraSecurity

extension MasterSettings {
    /// `access` with the master's own paths: health, the leader redirect, the web UI's files
    /// and its login are open to anyone (the UI's data is not: its reads need a session or
    /// credentials); agents unless `authenticateAgents`, and frameworks unless
    /// `authenticateFrameworks`, need no credentials (Mesos authenticates them under flags
    /// of their own).
    public var accessPolicy: AccessPolicy {
        var policy = self.access
        policy.openPaths.formUnion(["/health", "/master/health", "/redirect", "/master/redirect"])
        policy.openPaths.formUnion(WebUI.openPaths)
        if !self.authenticateAgents { policy.anonymousPaths.formUnion(["/api/v1/agent", "/master/api/v1/agent"]) }
        if !self.authenticateFrameworks { policy.anonymousPaths.formUnion(["/api/v1/scheduler", "/master/api/v1/scheduler"]) }
        return policy
    }
}
