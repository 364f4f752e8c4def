import AgoraProto
import ArgumentParser
import OperatorClient

/// `agora roles`: roles with frameworks, a weight or quota.
struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "List or show roles (with frameworks, a weight or quota).",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self, aliases: ["role"])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List roles.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let roles = try await self.connection.withClient { try await $0.roles() }
                emit(try Self.render(roles, as: self.output.output))
            }
        }

        static func render(_ roles: [Agora_V1_Role], as format: OutputFormat) throws -> String {
            switch format {
            case .json, .yaml: return try Render.array(roles, as: format)
            case .table, .wide:
                var table = Table("NAME", "WEIGHT", "FRAMEWORKS", "USED")
                for role in roles {
                    table.add(role.name, Format.number(role.weight), String(role.frameworks.count), Format.resources(role.resources))
                }
                return table.render()
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one role.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The role.") var role: String

        func run() async throws {
            try await reportingFailures {
                let roles = try await self.connection.withClient { try await $0.roles() }
                guard let role = roles.first(where: { $0.name == self.role }) else { throw CommandFailure.notFound("role \(self.role)") }
                switch self.output.output {
                case .json, .yaml: emit(try Render.single(role, as: self.output.output))
                case .table, .wide:
                    emit("Name:        \(role.name)\nWeight:      \(Format.number(role.weight))\n"
                        + "Frameworks:  \(role.frameworks.map(\.value).joined(separator: ", "))\n"
                        + "Used:        \(Format.resources(role.resources))\n")
                }
            }
        }
    }
}
