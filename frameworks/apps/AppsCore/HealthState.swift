/// One health check's record for one task (`healthCheckResults[]` in task JSON).
public struct HealthResult: Hashable, Sendable {
    public var alive: Bool
    public var consecutiveFailures: Int
    public var firstSuccess: Timestamp?
    public var lastSuccess: Timestamp?
    public var lastFailure: Timestamp?
    public var lastFailureCause: String?

    public init(alive: Bool = false) { self.alive = alive; self.consecutiveFailures = 0 }

    public func json(instanceID: String) -> JSONValue {
        .object([
            ("alive", .bool(self.alive)), ("consecutiveFailures", .number(Double(self.consecutiveFailures))),
            ("firstSuccess", self.firstSuccess.map { .string($0.iso8601) } ?? .null),
            ("lastSuccess", self.lastSuccess.map { .string($0.iso8601) } ?? .null),
            ("lastFailure", self.lastFailure.map { .string($0.iso8601) } ?? .null),
            ("lastFailureCause", self.lastFailureCause.map(JSONValue.string) ?? .null),
            ("instanceId", .string(instanceID)),
        ])
    }
}

/// What a readiness check reported last.
public struct ReadinessResult: Hashable, Sendable {
    public var name: String
    public var taskID: String
    public var ready: Bool
    /// `{status, contentType, body}` when `preserveLastResponse` is set; passed through.
    public var lastResponse: JSONValue?

    public init(name: String, taskID: String, ready: Bool, lastResponse: JSONValue? = nil) {
        self.name = name
        self.taskID = taskID
        self.ready = ready
        self.lastResponse = lastResponse
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(self.name)), ("taskId", .string(self.taskID)), ("ready", .bool(self.ready))]
        if let response = self.lastResponse { members.append(("lastResponse", response)) }
        return .object(members)
    }
}

/// The launch backoff of one (app, config version): Marathon's `RateLimiter` delay.
public struct LaunchDelay: Hashable, Sendable {
    /// Seconds to wait after `reference` before launching again.
    public var seconds: Double
    /// Moved to `now` by every failure and every staging/starting/running update.
    public var reference: Timestamp

    /// When launches may go ahead again.
    public var until: Timestamp { self.reference.adding(seconds: self.seconds) }
}

/// The last failed task of an app (`lastTaskFailure`).
public struct TaskFailure: Hashable, Sendable {
    public var appID: PathID
    public var host: String
    public var message: String
    public var state: TaskState
    public var taskID: String
    public var timestamp: Timestamp
    public var version: Timestamp
    public var agentID: String

    public var json: JSONValue {
        .object([
            ("appId", .string(self.appID.description)), ("host", .string(self.host)), ("message", .string(self.message)),
            ("state", .string(self.state.rawValue)), ("taskId", .string(self.taskID)),
            ("timestamp", .string(self.timestamp.iso8601)), ("version", .string(self.version.iso8601)),
            ("slaveId", .string(self.agentID)),
        ])
    }
}
