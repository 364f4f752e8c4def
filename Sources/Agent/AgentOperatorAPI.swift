import AgentCore
import AgoraHTTP
import AgoraModel
import AgoraServer
import AgoraWire
import Hummingbird

/// The agent's read-only endpoints: `/state` (also `/slave(1)/state`), `/health`, `/version`,
/// `/monitor/statistics` (each running container's usage and limits, Mesos's shape).
struct AgentOperatorAPI {
    let shell: AgentShell

    func register(on router: Router<AgoraRequestContext>) {
        for prefix in ["", "/slave(1)"] {
            router.get(RouterPath(prefix + "/state")) { _, _ in Response.json(await self.state()) }
            router.get(RouterPath(prefix + "/state.json")) { _, _ in Response.json(await self.state()) }
            router.get(RouterPath(prefix + "/health")) { _, _ in Response.text(.ok) }
        }
        for path in ["/monitor/statistics", "/monitor/statistics.json"] {
            router.get(RouterPath(path)) { _, _ in
                Response.json(.array(await self.shell.containerStatistics().map(\.json)))
            }
        }
        router.get("/version") { _, _ in
            Response.json(.object([("version", .string(AgentVersion.api))]))
        }
    }

    private func state() async -> JSONValue {
        let (core, address, startedAt, master) = await (
            self.shell.core, self.shell.address, self.shell.startedAt, self.shell.masterHostname)
        let agent = core.agent
        let frameworks = core.executors.keys.sorted().compactMap { id -> JSONValue? in
            guard let framework = core.frameworks[id] else { return nil }
            return self.framework(framework, executors: core.executors[id] ?? [:], core: core)
        }
        return .object([
            ("id", .string(core.agentID?.value ?? "")),
            ("pid", .string("slave(1)@\(agent.ip):\(address?.port ?? agent.port)")),
            ("hostname", .string(agent.hostname)),
            ("version", .string(AgentVersion.api)),
            ("start_time", .double(startedAt)),
            ("resources", ResourcesJSON.object(agent.resources)),
            ("attributes", .object(agent.attributes.map { ($0.name, .string($0.stateValue)) })),
            ("master_hostname", .string(master ?? "")),
            ("frameworks", .array(frameworks)),
            ("completed_frameworks", []),
            ("completed_executors", .array(core.completedExecutors.map { self.executor($0, core: core) })),
            ("flags", .object([
                ("work_dir", .string(core.configuration.workDir)), ("master", .string(self.shell.settings.master)),
            ])),
        ])
    }

    private func framework(_ framework: FrameworkDescriptor, executors: [ExecutorID: ExecutorRecord], core: AgentCore) -> JSONValue {
        .object([
            ("id", .string(framework.id?.value ?? "")),
            ("name", .string(framework.name)),
            ("user", .string(framework.user)),
            ("role", .string(framework.roles.first ?? Roles.defaultRole)),
            ("executors", .array(executors.values.sorted { $0.executorID < $1.executorID }.map { self.executor($0, core: core) })),
        ])
    }

    private func executor(_ record: ExecutorRecord, core: AgentCore) -> JSONValue {
        .object([
            ("id", .string(record.executorID.value)),
            ("framework_id", .string(record.frameworkID.value)),
            ("container", .string(record.containerID.value)),
            ("directory", .string(record.sandbox)),
            ("resources", ResourcesJSON.object(record.spec.resources)),
            ("tasks", .array(record.tasks.values.sorted { $0.spec.taskID < $1.spec.taskID }.map { task in
                .object([
                    ("id", .string(task.spec.taskID.value)), ("name", .string(task.spec.name)),
                    ("state", .string(task.state.name)), ("resources", ResourcesJSON.object(task.spec.resources)),
                ])
            })),
            ("queued_tasks", .array(record.queuedTasks.map { .object([("id", .string($0.taskID.value))]) })),
            // Agora's additions: whether the executor's event stream is open, the tasks whose
            // kill waits for it or for their end, and the updates not yet acknowledged (a
            // finished executor is completed only once there are none).
            ("connected", .bool(record.connection != nil)),
            ("pending_kills", .array(record.pendingKills.map { .string($0.value) })),
            ("unacknowledged_updates", .double(Double(core.unacknowledgedUpdates(of: record)))),
        ])
    }
}
