extension AppsEvent {
    /// The SSE `data:` payload, with `eventType` and `timestamp`.
    public func json(at timestamp: Timestamp) -> JSONValue {
        var members: [(String, JSONValue)] = [("eventType", .string(self.eventType)), ("timestamp", .string(timestamp.iso8601))]
        members += self.fields
        return .object(members)
    }

    private var fields: [(String, JSONValue)] {
        switch self {
        case .apiPost(let clientIP, let uri, let app):
            [("clientIp", .string(clientIP)), ("uri", .string(uri)), ("appDefinition", app.marathonJSON())]
        case .deploymentInfo(let plan, let step), .deploymentStepSuccess(let plan, let step), .deploymentStepFailure(let plan, let step):
            [("plan", plan.planJSON), ("currentStep", plan.stepJSON(step))]
        case .deploymentSuccess(let plan): [("id", .string(plan.id)), ("plan", plan.planJSON)]
        case .deploymentFailed(let plan, let reason): [("id", .string(plan.id)), ("plan", plan.planJSON), ("reason", .string(reason))]
        case .groupChangeSuccess(let version): [("groupId", "/"), ("version", .string(version.iso8601))]
        case .statusUpdate(let update):
            [
                ("slaveId", .string(update.agentID)), ("taskId", .string(update.taskID)), ("taskStatus", .string(update.state.rawValue)),
                ("message", .string(update.message)), ("appId", .string(update.appID.description)), ("host", .string(update.host)),
                ("ipAddresses", .array([])), ("ports", .array(update.ports.map { .number(Double($0)) })),
                ("version", .string(update.version.iso8601)),
            ]
        case .instanceChanged(let instanceID, let condition, let appID, let agentID, let host, let version):
            [
                ("instanceId", .string(instanceID)), ("condition", .string(condition)), ("runSpecId", .string(appID.description)),
                ("agentId", .string(agentID)), ("host", .string(host)), ("runSpecVersion", .string(version.iso8601)),
            ]
        case .unknownInstanceTerminated(let instanceID, let appID, let condition):
            [("instanceId", .string(instanceID)), ("runSpecId", .string(appID.description)), ("condition", .string(condition))]
        case .healthStatusChanged(let appID, let instanceID, let taskID, let version, let alive):
            [
                ("appId", .string(appID.description)), ("instanceId", .string(instanceID)), ("taskId", .string(taskID)),
                ("version", .string(version.iso8601)), ("alive", .bool(alive)),
            ]
        case .instanceHealthChanged(let instanceID, let appID, let version, let healthy):
            [
                ("instanceId", .string(instanceID)), ("runSpecId", .string(appID.description)),
                ("runSpecVersion", .string(version.iso8601)), ("healthy", healthy.map(JSONValue.bool) ?? .null),
            ]
        case .failedHealthCheck(let appID, let instanceID, let check):
            [("appId", .string(appID.description)), ("taskId", .string(instanceID)), ("instanceId", .string(instanceID)), ("healthCheck", check.json)]
        case .unhealthyInstanceKill(let appID, let taskID, let instanceID, let version, let reason, let host, let agentID):
            [
                ("appId", .string(appID.description)), ("taskId", .string(taskID)), ("instanceId", .string(instanceID)),
                ("version", .string(version.iso8601)), ("reason", .string(reason)), ("host", .string(host)), ("slaveId", .string(agentID)),
            ]
        case .appTerminated(let appID): [("appId", .string(appID.description))]
        }
    }
}

extension Deployment {
    /// The full ≤1.7 plan shape marathon-python needs: `{id, original, target, steps, version}`.
    /// `original`/`target` are root groups holding the affected apps only (not every app).
    public var planJSON: JSONValue {
        .object([
            ("id", .string(self.id)),
            ("original", Self.groupJSON(self.original, version: self.version)),
            ("target", Self.groupJSON(self.target, version: self.version)),
            ("steps", .array(self.steps.indices.map { self.stepJSON($0) })),
            ("version", .string(self.version.iso8601)),
        ])
    }

    /// `{actions:[{action, app}]}` of step `index`.
    public func stepJSON(_ index: Int) -> JSONValue {
        let actions = index < self.steps.count ? self.steps[index].actions : []
        return .object([("actions", .array(actions.map { .object([("action", .string($0.kind.rawValue)), ("app", .string($0.appID.description))]) }))])
    }

    static func groupJSON(_ apps: [PathID: AppDefinition], version: Timestamp) -> JSONValue {
        .object([
            ("id", "/"), ("apps", .array(apps.keys.sorted().map { apps[$0]!.marathonJSON() })), ("groups", .array([])),
            ("pods", .array([])), ("dependencies", .array([])), ("version", .string(version.iso8601)),
        ])
    }
}
