import ArgumentParser
import Executor
import Foundation

/// `agora executor`: the built-in command executor. Agents start it with the MESOS_*
/// environment; it is not meant to be run by hand.
struct ExecutorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executor", abstract: "Run the built-in command executor (started by agents).")

    func run() async throws {
        let environment: ExecutorEnvironment
        do {
            environment = try ExecutorEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("agora executor: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let executor = CommandExecutor(session: ExecutorSession(environment: environment))
        let code = await executor.run()
        if code != 0 { throw ExitCode(code) }
    }
}
