import AgoraCommandLine
import ArgumentParser
import Foundation
import Logging
import OperatorClient

/// Where the master is, for every operator command.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The master: host:port, http://host:port, zk://host:port,.../path or file:///path (default: $AGORA_MASTER, else 127.0.0.1:5050).",
            valueName: "location"))
    var master: String?

    @Option(help: ArgumentHelp("The apps framework's Marathon API (default: $AGORA_APPS, else http://127.0.0.1:8080).", valueName: "url"))
    var apps: String?

    @Option(help: ArgumentHelp("The jobs framework's Chronos API (default: $AGORA_JOBS, else http://127.0.0.1:4400).", valueName: "url"))
    var jobs: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @Option(help: "Log format: text, or json (one JSON object per line).")
    var logFormat: String = "text"

    func validate() throws {
        guard Logger.Level(rawValue: self.logLevel) != nil else { throw ValidationError("Unknown log level '\(self.logLevel)'") }
        guard LogFormat(rawValue: self.logFormat) != nil else {
            throw ValidationError("Unknown log format '\(self.logFormat)': use text or json")
        }
    }

    /// Runs `body` with a client of the master; failures become one-line messages and the
    /// exit codes scripts rely on (1 failure, 3 not found).
    func withClient<T>(_ body: (OperatorClient) async throws -> T) async throws -> T {
        (LogFormat(rawValue: self.logFormat) ?? .text).bootstrap(level: Logger.Level(rawValue: self.logLevel) ?? .warning)
        let client: OperatorClient
        do {
            client = try OperatorClient(master: self.master)
        } catch {
            throw ValidationError("--master: \(error)")
        }
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw CommandFailure(error)
        }
    }
}

/// How a command prints what it found.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output: table (default), wide (more columns), json or yaml.")
    var output: OutputFormat = .table
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, wide, json, yaml
}

/// A failure an operator command reports in one line, with its exit code.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    static let notFoundExitCode: Int32 = 3

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure:
            self = failure
        case let error as OperatorClientError where error.kind == .notFound:
            self.init(error.message, exitCode: Self.notFoundExitCode)
        case let error as OperatorClientError:
            self.init(error.message)
        default:
            self.init("\(error)")
        }
    }

    static func notFound(_ what: String) -> CommandFailure {
        CommandFailure("\(what) not found", exitCode: Self.notFoundExitCode)
    }

    var description: String { self.message }
}

/// Runs an operator command's body: a `CommandFailure` is printed as `agora: message` on
/// stderr and ends the process with its exit code.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CommandFailure {
        FileHandle.standardError.write(Data("agora: \(failure.message)\n".utf8))
        throw ExitCode(failure.exitCode)
    }
}
