import AgoraServer
import AgoraCommandLine
import ArgumentParser
import Foundation
import Logging

/// Options every server command shares.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Log format: text, or json (one JSON object per line).")
    var logFormat: String = "text"

    func validate() throws {
        guard Logger.Level(rawValue: self.logLevel) != nil else {
            throw ValidationError("Unknown log level '\(self.logLevel)'")
        }
        guard LogFormat(rawValue: self.logFormat) != nil else {
            throw ValidationError("Unknown log format '\(self.logFormat)': use text or json")
        }
    }

    /// Sends logs to stderr at the chosen level, in the chosen format.
    func bootstrap(label: String) -> Logger {
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        (LogFormat(rawValue: self.logFormat) ?? .text).bootstrap(level: level)
        return Logger(label: label)
    }
}

/// Prints where a server listens on stdout (tools and tests read this line) and flushes.
func announce(_ role: String, _ address: ListeningAddress) {
    print("agora \(role) listening on \(address.url)")
    fflush(nil)
}

/// The path of the running `agora` binary.
func currentExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// How agents start the command executor: the lean `agora-executor` beside this binary
/// when it is there (it starts several times faster), else `agora executor`.
func executorCommand() -> [String] {
    let agora = currentExecutable()
    let lean = URL(fileURLWithPath: agora).deletingLastPathComponent().appendingPathComponent("agora-executor").path
    return FileManager.default.isExecutableFile(atPath: lean) ? [lean] : [agora, "executor"]
}
