import AgoraSDK
import JobsCore

/// Turns the core's `TaskLaunch` into the Mesos TaskInfo the master gets.
enum TaskInfoBuilder {
    /// The TaskInfo of one attempt: command (shell or argv), resources as the core took them
    /// from the offer, environment, user, fetch URIs, labels, kill grace and completion limit.
    static func taskInfo(_ launch: TaskLaunch) -> Mesos.TaskInfo {
        .with { task in
            task.taskID.value = launch.taskID
            task.name = launch.name
            task.agentID.value = launch.agentID
            task.resources = Self.resources(launch.resources)
            task.command = Self.command(launch)
            if !launch.labels.isEmpty {
                task.labels.labels = launch.labels.sorted { $0.key < $1.key }.map { label in
                    .with {
                        $0.key = label.key
                        $0.value = label.value
                    }
                }
            }
            if let grace = launch.killGracePeriodSeconds {
                task.killPolicy.gracePeriod.nanoseconds = Int64(grace * 1_000_000_000)
            }
            if let limit = launch.maxCompletionSeconds {
                task.maxCompletionTime.nanoseconds = Int64(limit * 1_000_000_000)
            }
        }
    }

    /// The resources taken, by role: scalars (and ports, if any), reserved ones tagged with
    /// their reservation's role, as `ResourceAllocation.mesosResources()` names them.
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

    private static func command(_ launch: TaskLaunch) -> Mesos.CommandInfo {
        .with { command in
            switch launch.command {
            case .shell(let text):
                command.shell = true
                command.value = text
            case .exec(let value, let arguments):
                command.shell = false
                command.value = value
                command.arguments = arguments
            }
            if let user = launch.user, !user.isEmpty { command.user = user }
            command.environment.variables = launch.environment.map { variable in
                .with {
                    $0.name = variable.name
                    $0.value = variable.value
                }
            }
            command.uris = launch.fetch.map { fetch in
                .with {
                    $0.value = fetch.uri
                    $0.executable = fetch.executable
                    $0.extract = fetch.extract
                    $0.cache = fetch.cache
                    if let output = fetch.outputFile { $0.outputFile = output }
                }
            }
        }
    }
}
