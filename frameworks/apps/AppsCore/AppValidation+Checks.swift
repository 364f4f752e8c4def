extension AppValidation {
    static func healthCheckProblems(_ app: AppDefinition, _ problems: inout ProblemList) {
        if app.healthChecks.count(where: { $0.protocol.runsOnAgent }) > 1 {
            problems.add("/healthChecks", "AppDefinition can contain at most one Mesos health check.")
        }
        for (index, check) in app.healthChecks.enumerated() {
            let path = "/healthChecks(\(index))"
            if check.protocol == .command {
                if check.command?.isEmpty ?? true { problems.add(path + "/command", "must not be empty") }
            } else if check.port == nil {
                let portIndex = check.portIndex ?? 0
                if portIndex < 0 || portIndex >= app.portDefinitions.count {
                    problems.add(path, "Health check port indices must address an element of the ports array or container port mappings.")
                }
            }
            if let port = check.port, !(0...65535).contains(port) {
                problems.add(path + "/port", "got \(port), expected between 0 and 65535")
            }
            atLeast(check.gracePeriodSeconds, 0, path + "/gracePeriodSeconds", &problems)
            atLeast(Double(check.maxConsecutiveFailures), 0, path + "/maxConsecutiveFailures", &problems)
            if check.intervalSeconds <= 0 {
                problems.add(path + "/intervalSeconds", "got \(JSONValue.format(check.intervalSeconds)), expected more than 0")
            }
            if check.timeoutSeconds <= 0 {
                problems.add(path + "/timeoutSeconds", "got \(JSONValue.format(check.timeoutSeconds)), expected more than 0")
            }
        }
    }

    static func readinessProblems(_ app: AppDefinition, _ problems: inout ProblemList) {
        let portNames = Set(app.portDefinitions.compactMap(\.name))
        for (index, check) in app.readinessChecks.enumerated() {
            let path = "/readinessChecks(\(index))"
            if !portNames.contains(check.portName) {
                problems.add(path + "/portName", "must reference a port definition name (\(portNames.sorted().joined(separator: ", ")))")
            }
            if !["HTTP", "HTTPS"].contains(check.protocol) { problems.add(path + "/protocol", "is not one of (HTTP,HTTPS)") }
            if check.timeoutSeconds >= check.intervalSeconds {
                problems.add(path, "timeoutSeconds must be less than intervalSeconds")
            }
            if check.httpStatusCodesForReady.isEmpty { problems.add(path + "/httpStatusCodesForReady", "must not be empty") }
        }
    }
}
