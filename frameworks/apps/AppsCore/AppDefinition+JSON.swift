extension AppDefinition {
    /// The app as Marathon 1.4–1.7 writes it, limited to keys marathon-python 0.13 accepts
    /// (reference §5.3): `portDefinitions` and `fetch` rather than `ports`/`uris`.
    /// `deadlineSeconds`/`rollbackOnDeadline` appear only with `includeExtensions` (for clients
    /// that sent them), since strict clients reject unknown keys.
    public func marathonJSON(includeExtensions: Bool = false) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(self.id.description))]
        if let cmd = self.cmd { members.append(("cmd", .string(cmd))) }
        if let args = self.args { members.append(("args", .array(args.map(JSONValue.string)))) }
        if let user = self.user { members.append(("user", .string(user))) }
        members += [
            ("env", .object(self.env.sorted { $0.key < $1.key }.map { key, value in
                switch value {
                case .value(let text): (key, .string(text))
                case .secret(let name): (key, .object([("secret", .string(name))]))
                }
            })),
            ("instances", .number(Double(self.instances))),
            ("cpus", .number(self.cpus)), ("mem", .number(self.mem)), ("disk", .number(self.disk)),
            ("gpus", .number(Double(self.gpus))), ("executor", .string(self.executor)),
            ("constraints", .array(self.constraints.map { .array($0.fields.map(JSONValue.string)) })),
        ]
        if let roles = self.acceptedResourceRoles { members.append(("acceptedResourceRoles", .array(roles.map(JSONValue.string)))) }
        members += [
            ("portDefinitions", .array(self.portDefinitions.map(\.json))),
            ("requirePorts", .bool(self.requirePorts)),
        ]
        if let container = self.container { members.append(("container", container)) }
        members.append(("networks", self.networks ?? .array([.object([("mode", "host")])])))
        members += [
            ("healthChecks", .array(self.healthChecks.map(\.json))),
            ("readinessChecks", .array(self.readinessChecks.map(\.json))),
            ("dependencies", .array(self.dependencies.map { .string($0.description) })),
            ("upgradeStrategy", .object([
                ("minimumHealthCapacity", .number(self.upgradeStrategy.minimumHealthCapacity)),
                ("maximumOverCapacity", .number(self.upgradeStrategy.maximumOverCapacity)),
            ])),
            ("backoffSeconds", .number(self.backoffSeconds)), ("backoffFactor", .number(self.backoffFactor)),
            ("maxLaunchDelaySeconds", .number(self.maxLaunchDelaySeconds)),
            ("killSelection", .string(self.killSelection.rawValue)),
            ("unreachableStrategy", self.unreachableStrategyJSON),
        ]
        if let grace = self.taskKillGracePeriodSeconds { members.append(("taskKillGracePeriodSeconds", .number(grace))) }
        members += [
            ("fetch", .array(self.fetch.map(\.json))),
            ("labels", .object(self.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
        if let secrets = self.secrets { members.append(("secrets", secrets)) }
        if includeExtensions {
            if let deadline = self.deadlineSeconds { members.append(("deadlineSeconds", .number(deadline))) }
            if let rollback = self.rollbackOnDeadline { members.append(("rollbackOnDeadline", .bool(rollback))) }
        }
        members += [
            ("version", .string(self.version.iso8601)),
            ("versionInfo", .object([
                ("lastScalingAt", .string(self.versionInfo.lastScalingAt.iso8601)),
                ("lastConfigChangeAt", .string(self.versionInfo.lastConfigChangeAt.iso8601)),
            ])),
        ]
        return .object(members)
    }

    private var unreachableStrategyJSON: JSONValue {
        switch self.unreachableStrategy {
        case .disabled: "disabled"
        case .enabled(let inactive, let expunge):
            .object([("inactiveAfterSeconds", .number(inactive)), ("expungeAfterSeconds", .number(expunge))])
        }
    }
}

extension PortDefinition {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("port", .number(Double(self.port))), ("protocol", .string(self.protocol))]
        if let name = self.name { members.append(("name", .string(name))) }
        members.append(("labels", .object(self.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        return .object(members)
    }
}

extension FetchURI {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("uri", .string(self.uri)), ("extract", .bool(self.extract)), ("executable", .bool(self.executable)),
            ("cache", .bool(self.cache)),
        ]
        if let destPath = self.destPath { members.append(("destPath", .string(destPath))) }
        return .object(members)
    }
}

extension HealthCheck {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("protocol", .string(self.protocol.rawValue))]
        if [.http, .https, .mesosHTTP, .mesosHTTPS].contains(self.protocol) { members.append(("path", .string(self.path ?? "/"))) }
        if let port = self.port {
            members.append(("port", .number(Double(port))))
        } else if self.protocol != .command {
            members.append(("portIndex", .number(Double(self.portIndex ?? 0))))
        }
        if let command = self.command { members.append(("command", .object([("value", .string(command))]))) }
        members += [
            ("gracePeriodSeconds", .number(self.gracePeriodSeconds)), ("intervalSeconds", .number(self.intervalSeconds)),
            ("timeoutSeconds", .number(self.timeoutSeconds)),
            ("maxConsecutiveFailures", .number(Double(self.maxConsecutiveFailures))),
            ("ignoreHttp1xx", .bool(self.ignoreHttp1xx)),
        ]
        if self.protocol.runsOnAgent { members.append(("delaySeconds", .number(self.delaySeconds))) }
        return .object(members)
    }
}

extension ReadinessCheck {
    var json: JSONValue {
        .object([
            ("name", .string(self.name)), ("protocol", .string(self.protocol)), ("path", .string(self.path)),
            ("portName", .string(self.portName)), ("intervalSeconds", .number(self.intervalSeconds)),
            ("timeoutSeconds", .number(self.timeoutSeconds)),
            ("httpStatusCodesForReady", .array(self.httpStatusCodesForReady.map { .number(Double($0)) })),
            ("preserveLastResponse", .bool(self.preserveLastResponse)),
        ])
    }
}
