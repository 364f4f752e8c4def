/// A task as `/v2/tasks` and `/v2/apps/{id}/tasks` show it (reference §3.5).
public struct TaskView: Hashable, Sendable {
    public var id: String
    public var instanceID: String
    public var appID: PathID
    public var host: String
    public var agentID: String
    /// `TASK_STAGING` until the first update.
    public var state: TaskState
    public var stagedAt: Timestamp
    public var startedAt: Timestamp?
    public var version: Timestamp
    public var ports: [Int]
    public var servicePorts: [Int]
    public var healthCheckResults: [HealthResult]

    /// Marathon's task JSON, restricted to keys marathon-python accepts.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(self.id)), ("appId", .string(self.appID.description)), ("host", .string(self.host)),
            ("slaveId", .string(self.agentID)), ("state", .string(self.state.rawValue)),
            ("stagedAt", .string(self.stagedAt.iso8601)),
        ]
        if let startedAt = self.startedAt { members.append(("startedAt", .string(startedAt.iso8601))) }
        members += [
            ("version", .string(self.version.iso8601)),
            ("ports", .array(self.ports.map { .number(Double($0)) })),
            ("servicePorts", .array(self.servicePorts.map { .number(Double($0)) })),
            ("ipAddresses", .array([])),
            ("healthCheckResults", .array(self.healthCheckResults.map { $0.json(instanceID: self.instanceID) })),
            ("localVolumes", .array([])),
        ]
        return .object(members)
    }
}

/// The `tasksStaged/Running/Healthy/Unhealthy` counts of an app.
public struct TaskCounts: Hashable, Sendable {
    public var staged = 0
    public var running = 0
    public var healthy = 0
    public var unhealthy = 0

    public init(staged: Int = 0, running: Int = 0, healthy: Int = 0, unhealthy: Int = 0) {
        self.staged = staged
        self.running = running
        self.healthy = healthy
        self.unhealthy = unhealthy
    }
}
