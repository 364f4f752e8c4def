import OfferMatching

extension AppsCore {
    /// The Mesos task for an instance on a placement.
    func taskLaunch(_ instance: Instance, task: LaunchedTask, app: AppDefinition, resources: [String: RoleResources]) -> TaskLaunch {
        let command: TaskCommand =
            if let cmd = app.cmd { .shell(cmd) } else if let args = app.args { .exec(args) } else { .none }
        let agentCheck = app.agentHealthCheck
        let agentCheckPort = agentCheck.flatMap { check in check.port ?? task.hostPorts[safe: check.portIndex ?? 0] }
        return TaskLaunch(
            taskID: task.id, instanceID: instance.id, appID: app.id, name: app.id.segments.joined(separator: "."),
            agentID: task.placement.agentID, hostname: task.placement.hostname, resources: resources,
            hostPorts: task.hostPorts, command: command, user: app.user,
            environment: Self.environment(app: app, taskID: task.id, host: task.placement.hostname, ports: task.hostPorts),
            fetch: app.fetch, labels: app.labels, agentHealthCheck: agentCheck, agentHealthCheckPort: agentCheckPort,
            killGracePeriodSeconds: app.taskKillGracePeriodSeconds)
    }

    /// Marathon's task environment (`mesosphere/mesos/TaskBuilder`), sorted by name; the app's
    /// own `env` wins over the generated variables. Secret references are not resolved here.
    public static func environment(app: AppDefinition, taskID: String, host: String, ports: [Int]) -> [(String, String)] {
        var env: [String: String] = [
            "HOST": host,
            "MARATHON_APP_ID": app.id.description,
            "MARATHON_APP_VERSION": app.version.iso8601,
            "MARATHON_APP_DOCKER_IMAGE": "",
            "MARATHON_APP_RESOURCE_CPUS": Self.scalaDouble(app.cpus),
            "MARATHON_APP_RESOURCE_MEM": Self.scalaDouble(app.mem),
            "MARATHON_APP_RESOURCE_DISK": Self.scalaDouble(app.disk),
            "MARATHON_APP_RESOURCE_GPUS": String(app.gpus),
            "MESOS_TASK_ID": taskID,
        ]
        if !ports.isEmpty {
            env["PORTS"] = ports.map(String.init).joined(separator: ",")
            env["PORT"] = String(ports[0])
        }
        for (index, port) in ports.enumerated() {
            env["PORT\(index)"] = String(port)
            if let name = app.portDefinitions[safe: index]?.name { env["PORT_\(Self.envName(name))"] = String(port) }
        }
        let labelNames = app.labels.keys.sorted()
        env["MARATHON_APP_LABELS"] = labelNames.map(Self.envName).joined(separator: " ")
        for name in labelNames { env["MARATHON_APP_LABEL_\(Self.envName(name))"] = app.labels[name] }
        for (name, value) in app.env {
            if case .value(let text) = value { env[name] = text }
        }
        return env.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Upper case, anything but letters, digits and `_` as `_`.
    static func envName(_ name: String) -> String {
        String(name.uppercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// Scala's `Double.toString` for the values Marathon prints: `1.0`, `0.5`, `128.0`.
    static func scalaDouble(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int64(value)).0" : String(value)
    }
}
