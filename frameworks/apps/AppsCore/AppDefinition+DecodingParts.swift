extension AppDefinition {
    static func decodePortDefinitions(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> [PortDefinition]? {
        guard let items = reader.array(value, path) else { return nil }
        return items.enumerated().map { index, item in
            var definition = PortDefinition(port: 0)
            reader.members(item, "\(path)(\(index))") { reader, key, field, fieldPath in
                switch key {
                case "port": if let port = reader.int(field, fieldPath) { definition.port = port }
                case "protocol": if let text = reader.string(field, fieldPath) { definition.protocol = text }
                case "name": definition.name = reader.string(field, fieldPath)
                case "labels": if let labels = reader.stringMap(field, fieldPath) { definition.labels = labels }
                default: break
                }
            }
            return definition
        }
    }

    static func decodePorts(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> [PortDefinition]? {
        guard let items = reader.array(value, path) else { return nil }
        return items.enumerated().compactMap { index, item in
            reader.int(item, "\(path)(\(index))").map { PortDefinition(port: $0) }
        }
    }

    static func decodeHealthChecks(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> [HealthCheck]? {
        guard let items = reader.array(value, path) else { return nil }
        return items.enumerated().map { index, item in
            var check = HealthCheck()
            reader.members(item, "\(path)(\(index))") { reader, key, field, fieldPath in
                check.decodeField(key, field, fieldPath, &reader)
            }
            return check
        }
    }

    static func decodeReadinessChecks(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> [ReadinessCheck]? {
        guard let items = reader.array(value, path) else { return nil }
        return items.enumerated().map { index, item in
            var check = ReadinessCheck()
            reader.members(item, "\(path)(\(index))") { reader, key, field, fieldPath in
                switch key {
                case "name": if let text = reader.string(field, fieldPath) { check.name = text }
                case "protocol": if let text = reader.string(field, fieldPath) { check.protocol = text }
                case "path": if let text = reader.string(field, fieldPath) { check.path = text }
                case "portName": if let text = reader.string(field, fieldPath) { check.portName = text }
                case "intervalSeconds": if let number = reader.number(field, fieldPath) { check.intervalSeconds = number }
                case "timeoutSeconds": if let number = reader.number(field, fieldPath) { check.timeoutSeconds = number }
                case "httpStatusCodesForReady":
                    if let codes = reader.array(field, fieldPath) {
                        check.httpStatusCodesForReady = codes.enumerated().compactMap { reader.int($1, "\(fieldPath)(\($0))") }
                    }
                case "preserveLastResponse": if let flag = reader.bool(field, fieldPath) { check.preserveLastResponse = flag }
                default: break
                }
            }
            return check
        }
    }

    static func decodeFetch(_ value: JSONValue, _ path: String, _ reader: inout JSONReader) -> [FetchURI]? {
        guard let items = reader.array(value, path) else { return nil }
        return items.enumerated().map { index, item in
            var uri = FetchURI(uri: "")
            reader.members(item, "\(path)(\(index))") { reader, key, field, fieldPath in
                switch key {
                case "uri": if let text = reader.string(field, fieldPath) { uri.uri = text }
                case "extract": if let flag = reader.bool(field, fieldPath) { uri.extract = flag }
                case "executable": if let flag = reader.bool(field, fieldPath) { uri.executable = flag }
                case "cache": if let flag = reader.bool(field, fieldPath) { uri.cache = flag }
                case "destPath": uri.destPath = reader.string(field, fieldPath)
                default: break
                }
            }
            return uri
        }
    }
}

extension HealthCheck {
    mutating func decodeField(_ key: String, _ field: JSONValue, _ path: String, _ reader: inout JSONReader) {
        switch key {
        case "protocol":
            guard let text = reader.string(field, path) else { return }
            if let parsed = CheckProtocol(rawValue: text) {
                self.protocol = parsed
            } else {
                reader.problems.add(path, "must be one of " + CheckProtocol.allCases.map(\.rawValue).joined(separator: ", "))
            }
        case "path": self.path = reader.string(field, path)
        case "portIndex": self.portIndex = reader.int(field, path)
        case "port": self.port = reader.int(field, path)
        case "command":
            if case .string(let text) = field { self.command = text } else if let value = field["value"] { self.command = reader.string(value, path + "/value") } else {
                reader.problems.add(path, "error.expected.jsobject", typeError: true)
            }
        case "gracePeriodSeconds": if let number = reader.number(field, path) { self.gracePeriodSeconds = number }
        case "intervalSeconds": if let number = reader.number(field, path) { self.intervalSeconds = number }
        case "timeoutSeconds": if let number = reader.number(field, path) { self.timeoutSeconds = number }
        case "maxConsecutiveFailures": if let number = reader.int(field, path) { self.maxConsecutiveFailures = number }
        case "delaySeconds": if let number = reader.number(field, path) { self.delaySeconds = number }
        case "ignoreHttp1xx": if let flag = reader.bool(field, path) { self.ignoreHttp1xx = flag }
        case "ipProtocol": if let text = reader.string(field, path) { self.ipProtocol = text }
        default: break
        }
    }
}
