import AgoraHTTP
import AgoraProto
import ArgumentParser
import OperatorClient

/// `agora quota`: list, show, set and remove roles' quota.
struct QuotaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota", abstract: "List, show, set or remove quota (guarantees and limits of top-level roles).",
        subcommands: [List.self, Show.self, SetQuota.self, Remove.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List roles with quota.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let configs = try await self.connection.withClient { try await $0.quota() }
                emit(try QuotaView.render(configs, as: self.output.output))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one role's quota.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The role.") var role: String

        func run() async throws {
            try await reportingFailures {
                let configs = try await self.connection.withClient { try await $0.quota() }
                guard let config = configs.first(where: { $0.role == self.role }) else { throw CommandFailure.notFound("quota of role \(self.role)") }
                emit(try QuotaView.render([config], as: self.output.output))
            }
        }
    }

    struct SetQuota: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set a role's quota (replacing what it had).",
            discussion: """
                Examples:
                  agora quota set analytics --limit cpus:4,mem:8192
                  agora quota set analytics --guarantee cpus:1 --limit cpus:4
                  agora quota set big --guarantee cpus:64 --force    # beyond the cluster's capacity
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The top-level role.") var role: String
        @Option(help: "Guaranteed resources, e.g. cpus:1,mem:1024.") var guarantee: String?
        @Option(help: "Resource limits, e.g. cpus:4,mem:8192.") var limit: String?
        @Flag(help: "Skip the checks against the cluster's capacity.") var force = false

        func validate() throws {
            guard self.guarantee != nil || self.limit != nil else {
                throw ValidationError("give --guarantee and/or --limit (agora quota remove ROLE removes quota)")
            }
        }

        func run() async throws {
            try await reportingFailures {
                var config = Agora_V1_Quota_QuotaConfig()
                config.role = self.role
                config.guarantees = try QuotaView.parse(self.guarantee ?? "", option: "--guarantee")
                config.limits = try QuotaView.parse(self.limit ?? "", option: "--limit")
                try await self.connection.withClient { try await $0.updateQuota([config], force: self.force) }
                emit("quota of role \(self.role) set\n")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a role's quota.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The role.") var role: String

        func run() async throws {
            try await reportingFailures {
                let config = Agora_V1_Quota_QuotaConfig.with { $0.role = self.role }
                try await self.connection.withClient { try await $0.updateQuota([config], force: true) }
                emit("quota of role \(self.role) removed\n")
            }
        }
    }
}

/// Quota for tables and scripts.
enum QuotaView {
    /// `cpus:4,mem:8192` → scalars by name.
    static func parse(_ text: String, option: String) throws -> [String: Agora_V1_Value.Scalar] {
        var map: [String: Agora_V1_Value.Scalar] = [:]
        for entry in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value >= 0 else {
                throw ValidationError("\(option): '\(entry)' is not name:amount (e.g. cpus:2)")
            }
            map[String(parts[0])] = Agora_V1_Value.Scalar.with { $0.value = value }
        }
        return map
    }

    static func text(_ map: [String: Agora_V1_Value.Scalar]) -> String {
        map.isEmpty ? "-" : map.sorted { $0.key < $1.key }.map { "\($0.key):\(Format.number($0.value.value))" }.joined(separator: " ")
    }

    static func summary(_ config: Agora_V1_Quota_QuotaConfig) -> String {
        "guarantee \(Self.text(config.guarantees)), limit \(Self.text(config.limits))"
    }

    static func render(_ configs: [Agora_V1_Quota_QuotaConfig], as format: OutputFormat) throws -> String {
        switch format {
        case .json, .yaml: return try Render.array(configs, as: format)
        case .table, .wide:
            var table = Table("ROLE", "GUARANTEE", "LIMIT")
            for config in configs { table.add(config.role, Self.text(config.guarantees), Self.text(config.limits)) }
            return table.render()
        }
    }

    /// Scalar totals by name as a JSON object.
    static func scalars(_ resources: [Agora_V1_Resource]) -> JSONValue {
        var names: [String] = []
        for resource in resources where resource.type == .scalar && !names.contains(resource.name) { names.append(resource.name) }
        return .object(names.map { ($0, .double(Format.scalar($0, in: resources))) })
    }
}
