import OfferMatching

extension AppDefinition {
    /// Applies the fields present (and not `null`) in the JSON object `json` onto `base`.
    /// Unknown fields are ignored; read-only fields (`version`, `tasks`, counts) too. Nested
    /// objects replace the base's value as a whole, missing sub-fields taking defaults.
    /// Type problems are recorded in `reader`.
    static func applying(_ json: JSONValue, onto base: AppDefinition, reader: inout JSONReader) -> AppDefinition {
        var app = base
        var sawPorts = false
        var sawPortDefinitions = false
        var sawUris = false
        var sawFetch = false
        reader.members(json, "/") { reader, key, value, path in
            switch key {
            case "ports": sawPorts = true
            case "portDefinitions": sawPortDefinitions = true
            case "uris": sawUris = true
            case "fetch": sawFetch = true
            default: break
            }
            app.decodeField(key, value, path, &reader)
        }
        if sawPorts && sawPortDefinitions {
            reader.problems.add("/", "You cannot specify both ports and port definitions")
        }
        if sawUris && sawFetch { reader.problems.add("/", "You cannot specify both uris and fetch fields") }
        return app
    }

    private mutating func decodeField(_ key: String, _ value: JSONValue, _ path: String, _ reader: inout JSONReader) {
        switch key {
        case "id": if let text = reader.string(value, path) { self.id = PathID(text) }
        case "cmd": self.cmd = reader.string(value, path)
        case "args": self.args = reader.strings(value, path)
        case "user": self.user = reader.string(value, path)
        case "env": if let env = Self.decodeEnv(value, path, &reader) { self.env = env }
        case "instances": if let number = reader.int(value, path) { self.instances = number }
        case "cpus": if let number = reader.number(value, path) { self.cpus = number }
        case "mem": if let number = reader.number(value, path) { self.mem = number }
        case "disk": if let number = reader.number(value, path) { self.disk = number }
        case "gpus": if let number = reader.int(value, path) { self.gpus = number }
        case "executor": if let text = reader.string(value, path) { self.executor = text }
        case "constraints": if let list = Self.decodeConstraints(value, path, &reader) { self.constraints = list }
        case "acceptedResourceRoles": self.acceptedResourceRoles = reader.strings(value, path)
        case "portDefinitions": if let list = Self.decodePortDefinitions(value, path, &reader) { self.portDefinitions = list }
        case "ports": if let list = Self.decodePorts(value, path, &reader) { self.portDefinitions = list }
        case "requirePorts": if let flag = reader.bool(value, path) { self.requirePorts = flag }
        case "container": self.container = value
        case "networks": self.networks = value
        case "secrets": self.secrets = value
        case "healthChecks": if let list = Self.decodeHealthChecks(value, path, &reader) { self.healthChecks = list }
        case "readinessChecks": if let list = Self.decodeReadinessChecks(value, path, &reader) { self.readinessChecks = list }
        case "dependencies": if let list = reader.strings(value, path) { self.dependencies = list.map { PathID($0) } }
        case "upgradeStrategy": if let strategy = Self.decodeUpgradeStrategy(value, path, &reader) { self.upgradeStrategy = strategy }
        case "backoffSeconds": if let number = reader.number(value, path) { self.backoffSeconds = number }
        case "backoffFactor": if let number = reader.number(value, path) { self.backoffFactor = number }
        case "maxLaunchDelaySeconds": if let number = reader.number(value, path) { self.maxLaunchDelaySeconds = number }
        case "killSelection": if let selection = Self.decodeKillSelection(value, path, &reader) { self.killSelection = selection }
        case "unreachableStrategy":
            if let strategy = Self.decodeUnreachableStrategy(value, path, &reader) { self.unreachableStrategy = strategy }
        case "taskKillGracePeriodSeconds": self.taskKillGracePeriodSeconds = reader.number(value, path)
        case "fetch": if let list = Self.decodeFetch(value, path, &reader) { self.fetch = list }
        case "uris": if let list = reader.strings(value, path) { self.fetch = list.map { FetchURI(uri: $0, extract: Self.isArchive($0)) } }
        case "labels": if let labels = reader.stringMap(value, path) { self.labels = labels }
        case "deadlineSeconds": self.deadlineSeconds = reader.number(value, path)
        case "rollbackOnDeadline": self.rollbackOnDeadline = reader.bool(value, path)
        default: break
        }
    }

    static func isArchive(_ uri: String) -> Bool {
        [".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", ".zip"].contains { uri.lowercased().hasSuffix($0) }
    }

    private static func decodeEnv(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> [String: EnvValue]? {
        guard let members = reader.object(value, path) else { return nil }
        var env: [String: EnvValue] = [:]
        for (name, item) in members {
            if case .string(let text) = item {
                env[name] = .value(text)
            } else if let secret = item["secret"]?.stringValue {
                env[name] = .secret(secret)
            } else {
                reader.problems.add("\(path)/\(name)", "error.expected.jsstring", typeError: true)
            }
        }
        return env
    }

    private static func decodeConstraints(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> [PlacementConstraint]? {
        guard let items = reader.array(value, path) else { return nil }
        var constraints: [PlacementConstraint] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)(\(index))"
            guard let fields = reader.array(item, itemPath) else { continue }
            let texts = fields.map { field -> String? in
                switch field {
                case .string(let text): text
                case .number(let number): JSONValue.format(number)
                default: nil
                }
            }
            guard texts.allSatisfy({ $0 != nil }) else {
                reader.problems.add(itemPath, "error.expected.jsstring", typeError: true)
                continue
            }
            do {
                constraints.append(try PlacementConstraint.parse(texts.map { $0! }))
            } catch {
                reader.problems.add(itemPath, error.description)
            }
        }
        return constraints
    }

    private static func decodeKillSelection(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> KillSelection? {
        guard let text = reader.string(value, path) else { return nil }
        guard let selection = KillSelection(rawValue: text) else {
            reader.problems.add(path, "must be one of YOUNGEST_FIRST, OLDEST_FIRST")
            return nil
        }
        return selection
    }

    private static func decodeUpgradeStrategy(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> UpgradeStrategy? {
        var strategy = UpgradeStrategy()
        reader.members(value, path) { reader, key, item, itemPath in
            switch key {
            case "minimumHealthCapacity": if let number = reader.number(item, itemPath) { strategy.minimumHealthCapacity = number }
            case "maximumOverCapacity": if let number = reader.number(item, itemPath) { strategy.maximumOverCapacity = number }
            default: break
            }
        }
        return strategy
    }

    private static func decodeUnreachableStrategy(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> UnreachableStrategy? {
        if case .string(let text) = value {
            guard text == "disabled" else {
                reader.problems.add(path, "must be \"disabled\" or an object")
                return nil
            }
            return .disabled
        }
        var inactive = 0.0
        var expunge = 0.0
        reader.members(value, path) { reader, key, item, itemPath in
            switch key {
            case "inactiveAfterSeconds": if let number = reader.number(item, itemPath) { inactive = number }
            case "expungeAfterSeconds": if let number = reader.number(item, itemPath) { expunge = number }
            default: break
            }
        }
        return .enabled(inactiveAfterSeconds: inactive, expungeAfterSeconds: expunge)
    }
}
