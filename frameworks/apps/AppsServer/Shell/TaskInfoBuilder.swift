import AgoraSDK
import AppsCore

/// Turns the core's `TaskLaunch` into the Mesos `TaskInfo` the master gets.
enum TaskInfoBuilder {
    static func taskInfo(_ launch: TaskLaunch) -> Mesos.TaskInfo {
        var task = Mesos.TaskInfo()
        task.taskID.value = launch.taskID
        task.name = launch.name
        task.agentID.value = launch.agentID
        task.resources = self.resources(launch.resources)
        task.command = self.command(launch)
        if !launch.labels.isEmpty {
            task.labels.labels = launch.labels.sorted { $0.key < $1.key }.map { key, value in
                .with {
                    $0.key = key
                    $0.value = value
                }
            }
        }
        if let check = launch.agentHealthCheck { task.healthCheck = self.healthCheck(check, port: launch.agentHealthCheckPort) }
        if let grace = launch.killGracePeriodSeconds { task.setKillGracePeriod(.milliseconds(Int64(grace * 1000))) }
        return task
    }

    static func command(_ launch: TaskLaunch) -> Mesos.CommandInfo {
        var command = Mesos.CommandInfo()
        switch launch.command {
        case .shell(let text):
            command.shell = true
            command.value = text
        case .exec(let arguments):
            command.shell = false
            command.value = arguments.first ?? ""
            command.arguments = arguments
        case .none:
            command.shell = true
            command.value = ""
        }
        if let user = launch.user { command.user = user }
        command.environment.variables = launch.environment.map { name, value in
            .with {
                $0.name = name
                $0.value = value
            }
        }
        command.uris = launch.fetch.map { fetch in
            .with {
                $0.value = fetch.uri
                $0.extract = fetch.extract
                $0.executable = fetch.executable
                $0.cache = fetch.cache
                if let destination = fetch.destPath { $0.outputFile = destination }
            }
        }
        return command
    }

    /// Scalars and ports by role; reserved roles carry a static reservation.
    static func resources(_ byRole: [String: RoleResources]) -> [Mesos.Resource] {
        var resources: [Mesos.Resource] = []
        for (role, taken) in byRole.sorted(by: { $0.key < $1.key }) {
            var part: [Mesos.Resource] = taken.scalars.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { .scalar($0.key, $0.value) }
            let ports = taken.ports.flatMap { range in (range.begin...range.end).map(UInt64.init) }
            if !ports.isEmpty { part.append(.ports(ports)) }
            if role != "*" {
                part = part.map { resource in
                    var reserved = resource
                    reserved.reservations = [.with { $0.type = .static; $0.role = role }]
                    return reserved
                }
            }
            resources += part
        }
        return resources
    }

    /// The agent-run check (MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND) in Mesos's terms.
    static func healthCheck(_ check: HealthCheck, port: Int?) -> Mesos.HealthCheck {
        var mesos = Mesos.HealthCheck()
        mesos.delaySeconds = check.delaySeconds
        mesos.intervalSeconds = check.intervalSeconds
        mesos.timeoutSeconds = check.timeoutSeconds
        mesos.consecutiveFailures = UInt32(max(0, check.maxConsecutiveFailures))
        mesos.gracePeriodSeconds = check.gracePeriodSeconds
        switch check.protocol {
        case .command:
            mesos.type = .command
            mesos.command.shell = true
            mesos.command.value = check.command ?? ""
        case .mesosTCP, .tcp:
            mesos.type = .tcp
            mesos.tcp.port = UInt32(max(0, port ?? 0))
        case .mesosHTTP, .mesosHTTPS, .http, .https:
            mesos.type = .http
            mesos.http.port = UInt32(max(0, port ?? 0))
            mesos.http.path = check.path ?? "/"
            mesos.http.scheme = [.mesosHTTPS, .https].contains(check.protocol) ? "https" : "http"
        }
        return mesos
    }
}
