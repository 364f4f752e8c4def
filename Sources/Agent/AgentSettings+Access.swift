import AgoraSecurity

extension AgentSettings {
    /// `access` with the agent's own paths: health is open to anyone; executors need no
    /// credentials (Mesos's `--authenticate_http_executors` is not built yet) and reach the
    /// agent on the host's own address, which counts as local.
    public var accessPolicy: AccessPolicy {
        var policy = self.access
        policy.openPaths.formUnion(["/health", "/slave(1)/health"])
        policy.anonymousPaths.formUnion(["/api/v1/executor", "/slave(1)/api/v1/executor"])
        return policy
    }
}
