import AgoraHTTP
import AgoraProto
import ArgumentParser
import Foundation
import OperatorClient

/// `agora status`: the cluster at a glance.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the leader, agents, frameworks, tasks and resources per role.",
        discussion: """
            Examples:
              agora status
              agora status -o json
              agora status --watch            # print again after every change, until Ctrl-C
              AGORA_MASTER=zk://127.0.0.1:2181/agora agora status
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var watch: WatchOptions

    func run() async throws {
        try await reportingFailures {
            try await self.connection.withClient { client in
                let format = self.output.output
                let watching = self.watch.watch
                try await printView(watching: watching, client: client) {
                    let status = try await ClusterStatus.fetch(from: client)
                    switch format {
                    case .table, .wide: return status.table() + (watching ? "\n" : "")
                    case .json where watching: return status.json().text + "\n"
                    case .json, .yaml: return try Render.document(status.json().text, as: format) + (format == .yaml && watching ? "---\n" : "")
                    }
                }
            }
        }
    }
}

/// What `agora status` shows.
struct ClusterStatus {
    var master: MasterResponse.GetMaster
    var state: MasterResponse.GetState
    var roles: [Agora_V1_Role]
    var quota: [Agora_V1_Quota_QuotaConfig]

    static func fetch(from client: OperatorClient) async throws -> ClusterStatus {
        async let master = client.master()
        async let state = client.state()
        async let roles = client.roles()
        async let quota = client.quota()
        return try await ClusterStatus(master: master, state: state, roles: roles, quota: quota)
    }

    var agents: [MasterResponse.GetAgents.Agent] { self.state.getAgents.agents }
    var total: [Agora_V1_Resource] { self.agents.flatMap(\.totalResources) }

    var taskCounts: [(String, Int)] {
        let tasks = self.state.getTasks.tasks + self.state.getTasks.unreachableTasks + self.state.getTasks.completedTasks
        var counts: [String: Int] = [:]
        for task in tasks { counts[Format.state(task.state), default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }
    }

    func table() -> String {
        let info = self.master.masterInfo
        let frameworks = self.state.getFrameworks.frameworks
        let elected = self.master.hasElectedTime ? ", elected \(Format.age(seconds: Date().timeIntervalSince1970 - self.master.electedTime)) ago" : ""
        var text = "Leader:      \(info.hostname):\(info.port) (\(info.id))\(elected), API \(info.version)\n"
        text += "Agents:      \(self.agents.filter(\.active).count) active, \(self.agents.filter { !$0.active }.count) inactive, "
            + "\(self.state.getAgents.recoveredAgents.count) recovering\n"
        text += "Frameworks:  \(frameworks.filter(\.connected).count) connected, \(frameworks.filter { !$0.connected }.count) disconnected, "
            + "\(self.state.getFrameworks.completedFrameworks.count) completed\n"
        let counts = self.taskCounts.map { "\($0.1) \($0.0.lowercased())" }
        text += "Tasks:       \(counts.isEmpty ? "none" : counts.joined(separator: ", "))\n\n"
        var table = Table("ROLE", "WEIGHT", "FRAMEWORKS", "CPUS", "MEM", "DISK", "QUOTA")
        let total = self.total
        for role in self.roles {
            let quota = self.quota.first { $0.role == role.name }.map(QuotaView.summary) ?? "-"
            table.add(
                role.name, Format.number(role.weight), String(role.frameworks.count),
                Format.usage(Format.scalar("cpus", in: role.resources), Format.scalar("cpus", in: total)),
                Format.usage(Format.scalar("mem", in: role.resources), Format.scalar("mem", in: total)),
                Format.usage(Format.scalar("disk", in: role.resources), Format.scalar("disk", in: total)), quota)
        }
        return text + (self.roles.isEmpty ? "No roles in use; resources: \(Format.resources(total))\n" : table.render())
    }

    func json() -> JSONValue {
        let info = self.master.masterInfo
        let leader: [(String, JSONValue)] = [
            ("id", .string(info.id)), ("hostname", .string(info.hostname)), ("port", .int(Int64(info.port))),
            ("version", .string(info.version)), ("elected_time", .double(self.master.electedTime)),
        ]
        let frameworks = self.state.getFrameworks.frameworks
        let connected = Int64(frameworks.filter(\.connected).count)
        let frameworkCounts: [(String, JSONValue)] = [
            ("connected", .int(connected)), ("disconnected", .int(Int64(frameworks.count) - connected)),
            ("completed", .int(Int64(self.state.getFrameworks.completedFrameworks.count))),
        ]
        let active = Int64(self.agents.filter(\.active).count)
        let agentCounts: [(String, JSONValue)] = [
            ("active", .int(active)), ("inactive", .int(Int64(self.agents.count) - active)),
            ("recovering", .int(Int64(self.state.getAgents.recoveredAgents.count))),
        ]
        let tasks: [(String, JSONValue)] = self.taskCounts.map { ($0.0.lowercased(), JSONValue.int(Int64($0.1))) }
        let roles: [JSONValue] = self.roles.map(Self.json)
        return .object([
            ("leader", .object(leader)), ("agents", .object(agentCounts)), ("frameworks", .object(frameworkCounts)),
            ("tasks", .object(tasks)), ("total", QuotaView.scalars(self.total)), ("roles", .array(roles)),
        ])
    }

    private static func json(_ role: Agora_V1_Role) -> JSONValue {
        let fields: [(String, JSONValue)] = [
            ("name", .string(role.name)), ("weight", .double(role.weight)),
            ("frameworks", .int(Int64(role.frameworks.count))), ("used", QuotaView.scalars(role.resources)),
        ]
        return .object(fields)
    }
}
