/// Marathon's rules for a complete app definition; messages follow Marathon's (accord) wording.
enum AppValidation {
    static func problems(_ app: AppDefinition) -> ProblemList {
        var problems = ProblemList()
        for error in app.id.validationErrors { problems.add("/id", error) }
        let hasCommand = app.cmd != nil || app.args != nil
        if (app.cmd != nil && app.args != nil) || (!hasCommand && app.container == nil) {
            problems.add("/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.")
        }
        if app.cmd?.isEmpty == true { problems.add("/cmd", "must not be empty") }
        atLeast(Double(app.instances), 0, "/instances", &problems)
        atLeast(app.cpus, 0.001, "/cpus", &problems)
        atLeast(app.mem, 0, "/mem", &problems)
        atLeast(app.disk, 0, "/disk", &problems)
        atLeast(Double(app.gpus), 0, "/gpus", &problems)
        atLeast(app.backoffSeconds, 0, "/backoffSeconds", &problems)
        atLeast(app.backoffFactor, 1, "/backoffFactor", &problems)
        atLeast(app.maxLaunchDelaySeconds, 0, "/maxLaunchDelaySeconds", &problems)
        if let grace = app.taskKillGracePeriodSeconds { atLeast(grace, 0, "/taskKillGracePeriodSeconds", &problems) }
        if let deadline = app.deadlineSeconds, deadline <= 0 {
            problems.add("/deadlineSeconds", "got \(JSONValue.format(deadline)), expected more than 0")
        }
        fraction(app.upgradeStrategy.minimumHealthCapacity, "/upgradeStrategy/minimumHealthCapacity", &problems)
        fraction(app.upgradeStrategy.maximumOverCapacity, "/upgradeStrategy/maximumOverCapacity", &problems)
        if case .enabled(let inactive, let expunge) = app.unreachableStrategy {
            atLeast(inactive, 0, "/unreachableStrategy/inactiveAfterSeconds", &problems)
            if expunge < inactive {
                problems.add("/unreachableStrategy", "expungeAfterSeconds must be greater than or equal to inactiveAfterSeconds")
            }
        }
        if app.acceptedResourceRoles?.contains(where: \.isEmpty) == true {
            problems.add("/acceptedResourceRoles", "must not contain empty role names")
        }
        for (index, dependency) in app.dependencies.enumerated() where dependency.isRoot {
            problems.add("/dependencies(\(index))", "Path must contain at least one path element")
        }
        for (index, uri) in app.fetch.enumerated() where uri.uri.isEmpty {
            problems.add("/fetch(\(index))/uri", "must not be empty")
        }
        self.portProblems(app, &problems)
        self.healthCheckProblems(app, &problems)
        self.readinessProblems(app, &problems)
        return problems
    }

    static func atLeast(_ value: Double, _ minimum: Double, _ path: String, _ problems: inout ProblemList) {
        if value < minimum {
            problems.add(path, "got \(JSONValue.format(value)), expected \(JSONValue.format(minimum)) or more")
        }
    }

    static func fraction(_ value: Double, _ path: String, _ problems: inout ProblemList) {
        if value < 0 { problems.add(path, "is less than 0") }
        if value > 1 { problems.add(path, "is greater than 1") }
    }

    static func portProblems(_ app: AppDefinition, _ problems: inout ProblemList) {
        for (index, definition) in app.portDefinitions.enumerated() {
            if !(0...65535).contains(definition.port) {
                problems.add("/portDefinitions(\(index))/port", "got \(definition.port), expected between 0 and 65535")
            }
            if !["tcp", "udp", "udp,tcp"].contains(definition.protocol) {
                problems.add("/portDefinitions(\(index))/protocol", "is not one of (tcp,udp,udp,tcp)")
            }
        }
        let fixed = app.portDefinitions.map(\.port).filter { $0 != 0 }
        if Set(fixed).count != fixed.count { problems.add("/portDefinitions", "Ports must be unique.") }
        let names = app.portDefinitions.compactMap(\.name)
        if Set(names).count != names.count { problems.add("/portDefinitions", "Port names must be unique.") }
    }
}
