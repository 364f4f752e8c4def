import ArgumentParser

/// `agora completion bash|zsh|fish`: the shell completion script.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion", abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            Examples:
              source <(agora completion bash)
              agora completion zsh > "${fpath[1]}/_agora"
              agora completion fish > ~/.config/fish/completions/agora.fish
            """)

    @Argument(help: "bash, zsh or fish.") var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: self.shell) != nil else {
            throw ValidationError("unknown shell '\(self.shell)': use bash, zsh or fish")
        }
    }

    func run() throws {
        guard let shell = CompletionShell(rawValue: self.shell) else { return }
        print(Agora.completionScript(for: shell))
    }
}

/// The operator commands, next to the server commands in `agora`.
enum OperatorCommands {
    static let all: [any ParsableCommand.Type] = [
        StatusCommand.self, AgentsCommand.self, FrameworksCommand.self, TasksCommand.self, RolesCommand.self,
        QuotaCommand.self, WeightsCommand.self, EventsCommand.self, WhyCommand.self, AppCommand.self, DeploymentsCommand.self,
        JobCommand.self, CompletionCommand.self,
    ]
}
