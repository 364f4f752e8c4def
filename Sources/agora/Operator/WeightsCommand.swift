import AgoraProto
import ArgumentParser
import OperatorClient

/// `agora weights`: list and set roles' weights.
struct WeightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights", abstract: "List or set role weights (a role with weight 2 gets twice the fair share).",
        subcommands: [List.self, SetWeights.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List roles with a weight other than 1.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let weights = try await self.connection.withClient { try await $0.weights() }
                switch self.output.output {
                case .json, .yaml: emit(try Render.array(weights, as: self.output.output))
                case .table, .wide:
                    var table = Table("ROLE", "WEIGHT")
                    for weight in weights { table.add(weight.role, Format.number(weight.weight)) }
                    emit(table.render())
                }
            }
        }
    }

    struct SetWeights: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set weights, all or none.",
            discussion: """
                Examples:
                  agora weights set analytics=2
                  agora weights set analytics=2 web=0.5
                  agora weights set analytics=1     # back to the default
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "ROLE=WEIGHT pairs.") var weights: [String]

        func validate() throws {
            guard !self.weights.isEmpty else { throw ValidationError("give at least one ROLE=WEIGHT") }
            _ = try self.parsed()
        }

        func parsed() throws -> [(role: String, weight: Double)] {
            try self.weights.map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let weight = Double(parts[1]) else {
                    throw ValidationError("'\(pair)' is not ROLE=WEIGHT (e.g. analytics=2)")
                }
                return (String(parts[0]), weight)
            }
        }

        func run() async throws {
            try await reportingFailures {
                let weights = try self.parsed()
                try await self.connection.withClient { try await $0.updateWeights(weights) }
                emit("weights set: \(weights.map { "\($0.role)=\(Format.number($0.weight))" }.joined(separator: " "))\n")
            }
        }
    }
}
