import AgoraSecurity

extension JobsSettings {
    /// `access` with `/ping` open to anyone (load balancers' health checks).
    public var accessPolicy: AccessPolicy {
        var policy = self.access
        policy.openPaths.insert("/ping")
        return policy
    }
}
