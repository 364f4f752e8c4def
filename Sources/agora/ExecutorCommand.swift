import ArgumentParser
import AgoraPosix
import CommandExecutor
import Foundation

/// `agora executor`: the built-in command executor. Agents start it with the MESOS_*
/// environment; it is not meant to be run by hand.
struct ExecutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executor", abstract: "Run the built-in command executor (started by agents).")

    func run() throws {
        let code = Self.runExecutor()
        if code != 0 { throw ExitCode(code) }
    }

    /// Runs the command executor from the MESOS_* environment; returns the exit code.
    static func runExecutor() -> Int32 {
        do {
            return CommandExecutor(environment: try ExecutorEnvironment(Spawner.currentEnvironment)).run()
        } catch {
            StandardError.write("agora executor: \(error)\n")
            return 2
        }
    }
}
