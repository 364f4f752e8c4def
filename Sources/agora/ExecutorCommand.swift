import ArgumentParser
import Executor
import Foundation

/// `agora executor`: the built-in command executor. Agents start it with the MESOS_*
/// environment; it is not meant to be run by hand.
struct ExecutorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executor", abstract: "Run the built-in command executor (started by agents).")

    func run() async throws {
        let code = await Self.runExecutor()
        if code != 0 { throw ExitCode(code) }
    }

    /// Runs the command executor from the MESOS_* environment; returns the exit code.
    static func runExecutor() async -> Int32 {
        let environment: ExecutorEnvironment
        do {
            environment = try ExecutorEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("agora executor: \(error)\n".utf8))
            return 2
        }
        return await CommandExecutor(session: ExecutorSession(environment: environment)).run()
    }
}
