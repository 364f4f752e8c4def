import AgoraSecurity

extension MasterSettings {
    /// `access` with the master's own paths: health and the leader redirect are open to
    /// anyone; agents unless `authenticateAgents`, and frameworks unless
    /// `authenticateFrameworks`, need no credentials (Mesos authenticates them under flags
    /// of their own).
    public var accessPolicy: AccessPolicy {
        var policy = self.access
        policy.openPaths.formUnion(["/health", "/master/health", "/redirect", "/master/redirect"])
        if !self.authenticateAgents { policy.anonymousPaths.formUnion(["/api/v1/agent", "/master/api/v1/agent"]) }
        if !self.authenticateFrameworks { policy.anonymousPaths.formUnion(["/api/v1/scheduler", "/master/api/v1/scheduler"]) }
        return policy
    }
}
