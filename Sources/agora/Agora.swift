import ArgumentParser
import Foundation

/// `agora`: the one binary for every role in a cluster.
struct Agora: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agora",
        abstract: "Agora, a Mesos-compatible cluster resource manager.",
        subcommands: [DevCommand.self, MasterCommand.self, AgentCommand.self, ExecutorCommand.self, JobsFrameworkCommand.self, AppsCommand.self, HashSecretCommand.self]
            + OperatorCommands.all
    )
}
