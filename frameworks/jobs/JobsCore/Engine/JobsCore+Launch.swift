import Foundation
import OfferMatching

extension JobsCore {
    /// The Mesos task for one attempt of a run.
    func taskLaunch(run: JobRun, attempt: TaskAttempt, definition: JobDefinition, resources: [String: RoleResources]) -> TaskLaunch {
        TaskLaunch(
            taskID: attempt.taskID, jobID: run.jobID, runID: run.id, due: run.due, attempt: attempt.attempt,
            name: "ChronosTask:\(run.jobID)", agentID: attempt.agentID, hostname: attempt.hostname, resources: resources,
            command: Self.taskCommand(definition.command, arguments: run.arguments), user: definition.user,
            environment: Self.environment(definition: definition, run: run, attempt: attempt),
            fetch: definition.fetch, labels: definition.labels, killGracePeriodSeconds: definition.policies.killGracePeriodSeconds,
            maxCompletionSeconds: definition.policies.maxCompletionSeconds, container: Self.container(definition))
    }

    /// The command with a manual run's arguments, `;` removed (Chronos's injection filter):
    /// appended to a shell command (as Chronos does), or split at whitespace and appended to argv.
    static func taskCommand(_ command: JobCommand, arguments: String?) -> TaskCommand {
        let extra = arguments?.filter { $0 != ";" }.trimmingCharacters(in: .whitespaces) ?? ""
        if command.shell {
            let base = command.value ?? ""
            return .shell(extra.isEmpty ? base : base + " " + extra)
        }
        let argv = command.arguments + extra.split(whereSeparator: \.isWhitespace).map(String.init)
        return .exec(value: command.value ?? argv.first ?? "", arguments: argv)
    }

    /// Chronos's task environment (`MesosTaskBuilder.envs`) plus Marathon's, which Metronome's
    /// tasks get: `MESOS_TASK_ID`, `MARATHON_APP_ID` (`/<job path>/<run id>`), resources and labels.
    /// The job's own variables are added unless the name is taken (Chronos's rule); secret
    /// references are left to the shell. Sorted by name.
    public static func environment(definition: JobDefinition, run: JobRun, attempt: TaskAttempt) -> [EnvironmentVariable] {
        let resources = definition.resources
        var env: [String: String] = [
            "mesos_task_id": attempt.taskID,
            "MESOS_TASK_ID": attempt.taskID,
            "CHRONOS_JOB_OWNER": definition.chronos.owner,
            "CHRONOS_JOB_NAME": definition.id,
            "CHRONOS_JOB_RUN_TIME": String(run.due.milliseconds),
            "CHRONOS_JOB_RUN_ATTEMPT": String(attempt.attempt),
            "CHRONOS_RESOURCE_CPU": Self.javaDouble(resources.cpus),
            "CHRONOS_RESOURCE_MEM": Self.javaDouble(resources.mem),
            "CHRONOS_RESOURCE_DISK": Self.javaDouble(resources.disk),
            "HOST": attempt.hostname,
            "MARATHON_APP_ID": "/" + definition.id.split(separator: ".").joined(separator: "/") + "/" + run.id,
            "MARATHON_APP_RESOURCE_CPUS": Self.javaDouble(resources.cpus),
            "MARATHON_APP_RESOURCE_MEM": Self.javaDouble(resources.mem),
            "MARATHON_APP_RESOURCE_DISK": Self.javaDouble(resources.disk),
            "MARATHON_APP_RESOURCE_GPUS": String(resources.gpus),
        ]
        let labelNames = definition.labels.keys.sorted()
        env["MARATHON_APP_LABELS"] = labelNames.map(Self.envName).joined(separator: " ")
        for name in labelNames { env["MARATHON_APP_LABEL_\(Self.envName(name))"] = definition.labels[name] }
        for entry in definition.environment where env[entry.name] == nil {
            if let value = entry.value { env[entry.name] = value }
        }
        return env.sorted { $0.key < $1.key }.map { EnvironmentVariable($0.key, $0.value) }
    }

    /// Container settings for the shell: Chronos's `container`, or `{"docker":…}`/`{"ucr":…}`.
    static func container(_ definition: JobDefinition) -> JSONValue? {
        if let container = definition.chronos.container { return container }
        if let docker = definition.metronome.docker { return .object([("docker", docker)]) }
        if let ucr = definition.metronome.ucr { return .object([("ucr", ucr)]) }
        return nil
    }

    /// Upper case, anything but letters, digits and `_` as `_`.
    static func envName(_ name: String) -> String {
        String(name.uppercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// Java's `Double.toString` for ordinary values: `128.0`, `0.5`.
    static func javaDouble(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int64(value)).0" : String(value)
    }
}
