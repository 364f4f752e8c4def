import AgoraProto
import ArgumentParser
import Foundation
import OperatorClient

/// `agora agents`: list and show agents, mark one gone.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "List or show agents, or mark one gone.",
        discussion: """
            Examples:
              agora agents
              agora agents -o wide --watch
              agora agents show <agent-id>
              agora agents gone <agent-id>     # it never comes back; its tasks end TASK_GONE_BY_OPERATOR
            (`agora agent`, singular, runs an agent.)
            """,
        subcommands: [List.self, Show.self, Gone.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agents.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var watch: WatchOptions

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withClient { client in
                    let format = self.output.output
                    let watching = self.watch.watch
                    try await printView(watching: watching, client: client) {
                        let agents = try await client.agents().agents
                        return try AgentView.render(agents, as: format, watching: watching)
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one agent.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The agent's ID (or its hostname).") var agent: String

        func run() async throws {
            try await reportingFailures {
                let agents = try await self.connection.withClient { try await $0.agents().agents }
                let matches = agents.filter { $0.agentInfo.id.value == self.agent || $0.agentInfo.hostname == self.agent }
                guard let agent = matches.first else { throw CommandFailure.notFound("agent \(self.agent)") }
                guard matches.count == 1 else { throw CommandFailure("several agents run on \(self.agent): name one by its ID") }
                switch self.output.output {
                case .json, .yaml: emit(try Render.single(agent, as: self.output.output))
                case .table, .wide: emit(AgentView.details(agent))
                }
            }
        }
    }

    struct Gone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an agent gone: it may never re-register, and its tasks end TASK_GONE_BY_OPERATOR.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The agent's ID.") var agent: String

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withClient { try await $0.markAgentGone(self.agent) }
                emit("agent \(self.agent) marked gone\n")
            }
        }
    }
}

enum AgentView {
    static func render(_ agents: [MasterResponse.GetAgents.Agent], as format: OutputFormat, watching: Bool) throws -> String {
        switch format {
        case .json where watching: return "[" + (try agents.map { try Render.line($0) }.joined(separator: ",")) + "]\n"
        case .json, .yaml: return try Render.array(agents, as: format)
        case .table, .wide:
            var table = format == .wide
                ? Table("ID", "HOSTNAME", "ACTIVE", "CPUS", "MEM", "DISK", "RESOURCES", "PID", "REGISTERED")
                : Table("ID", "HOSTNAME", "ACTIVE", "CPUS", "MEM", "DISK")
            for agent in agents {
                var row = [
                    agent.agentInfo.id.value, agent.agentInfo.hostname, agent.active ? "yes" : "no",
                    Self.usage("cpus", agent), Self.usage("mem", agent), Self.usage("disk", agent),
                ]
                if format == .wide { row += [Format.resources(agent.totalResources), agent.pid, Format.age(agent.registeredTime)] }
                table.add(row)
            }
            return table.render() + (watching ? "\n" : "")
        }
    }

    /// `used/total` of a scalar on the agent.
    static func usage(_ name: String, _ agent: MasterResponse.GetAgents.Agent) -> String {
        Format.usage(Format.scalar(name, in: agent.allocatedResources), Format.scalar(name, in: agent.totalResources))
    }

    static func details(_ agent: MasterResponse.GetAgents.Agent) -> String {
        let attributes = agent.agentInfo.attributes.map { "\($0.name)=\($0.text.value.isEmpty ? Format.number($0.scalar.value) : $0.text.value)" }
        return """
            ID:          \(agent.agentInfo.id.value)
            Hostname:    \(agent.agentInfo.hostname)
            PID:         \(agent.pid)
            Active:      \(agent.active ? "yes" : "no")
            Registered:  \(Format.age(agent.registeredTime)) ago
            Resources:   \(Format.resources(agent.totalResources))
            Allocated:   \(Format.resources(agent.allocatedResources))
            Offered:     \(Format.resources(agent.offeredResources))
            Attributes:  \(attributes.isEmpty ? "-" : attributes.joined(separator: " "))

            """
    }
}
