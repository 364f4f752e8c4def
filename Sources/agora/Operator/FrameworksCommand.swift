import AgoraProto
import ArgumentParser
import Foundation
import OperatorClient

/// `agora frameworks`: list and show frameworks, tear one down.
struct FrameworksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frameworks", abstract: "List or show frameworks, or tear one down.",
        discussion: """
            Examples:
              agora frameworks
              agora frameworks --all -o json       # completed ones too
              agora framework show <framework-id>
              agora framework teardown <framework-id>
            """,
        subcommands: [List.self, Show.self, Teardown.self], defaultSubcommand: List.self, aliases: ["framework"])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List frameworks.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var watch: WatchOptions
        @Flag(help: "Include completed (torn down or timed out) frameworks.") var all = false

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withClient { client in
                    let (format, watching, all) = (self.output.output, self.watch.watch, self.all)
                    try await printView(watching: watching, client: client) {
                        let answer = try await client.frameworks()
                        let frameworks = answer.frameworks + (all ? answer.completedFrameworks : [])
                        return try FrameworkView.render(frameworks, as: format, watching: watching)
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one framework.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The framework's ID (or its name).") var framework: String

        func run() async throws {
            try await reportingFailures {
                let answer = try await self.connection.withClient { try await $0.frameworks() }
                let matches = (answer.frameworks + answer.completedFrameworks).filter {
                    $0.frameworkInfo.id.value == self.framework || $0.frameworkInfo.name == self.framework
                }
                guard let framework = matches.first else { throw CommandFailure.notFound("framework \(self.framework)") }
                guard matches.count == 1 else { throw CommandFailure("several frameworks are named \(self.framework): name one by its ID") }
                switch self.output.output {
                case .json, .yaml: emit(try Render.single(framework, as: self.output.output))
                case .table, .wide: emit(FrameworkView.details(framework))
                }
            }
        }
    }

    struct Teardown: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a framework and kill all its tasks.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The framework's ID.") var framework: String

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withClient { client in
                    let known = try await client.frameworks().frameworks.contains { $0.frameworkInfo.id.value == self.framework }
                    guard known else { throw CommandFailure.notFound("framework \(self.framework)") }
                    try await client.teardown(self.framework)
                }
                emit("framework \(self.framework) torn down\n")
            }
        }
    }
}

enum FrameworkView {
    typealias Framework = MasterResponse.GetFrameworks.Framework

    static func render(_ frameworks: [Framework], as format: OutputFormat, watching: Bool) throws -> String {
        switch format {
        case .json where watching: return "[" + (try frameworks.map { try Render.line($0) }.joined(separator: ",")) + "]\n"
        case .json, .yaml: return try Render.array(frameworks, as: format)
        case .table, .wide:
            var table = format == .wide
                ? Table("ID", "NAME", "ROLES", "STATE", "CPUS", "MEM", "OFFERS", "USER", "PRINCIPAL", "REGISTERED")
                : Table("ID", "NAME", "ROLES", "STATE", "CPUS", "MEM")
            for framework in frameworks {
                let info = framework.frameworkInfo
                var row = [
                    info.id.value, info.name, Self.roles(info), Self.state(framework),
                    Format.number(Format.scalar("cpus", in: framework.allocatedResources)),
                    Format.number(Format.scalar("mem", in: framework.allocatedResources)),
                ]
                if format == .wide {
                    row += [String(framework.offers.count), info.user, info.principal.isEmpty ? "-" : info.principal, Format.age(framework.registeredTime)]
                }
                table.add(row)
            }
            return table.render() + (watching ? "\n" : "")
        }
    }

    static func roles(_ info: Agora_V1_FrameworkInfo) -> String {
        info.roles.isEmpty ? (info.hasRole ? info.role : "*") : info.roles.joined(separator: ",")
    }

    static func state(_ framework: Framework) -> String {
        if framework.connected { return "connected" }
        return framework.recovered ? "recovered" : "disconnected"
    }

    static func details(_ framework: Framework) -> String {
        let info = framework.frameworkInfo
        return """
            ID:          \(info.id.value)
            Name:        \(info.name)
            Roles:       \(Self.roles(info))
            State:       \(Self.state(framework))
            User:        \(info.user)
            Principal:   \(info.principal.isEmpty ? "-" : info.principal)
            Failover:    \(Format.number(info.failoverTimeout)) s
            Registered:  \(Format.age(framework.registeredTime)) ago
            Allocated:   \(Format.resources(framework.allocatedResources))
            Offered:     \(Format.resources(framework.offeredResources)) (\(framework.offers.count) offers)

            """
    }
}
