import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// Runs Swift concurrency on NIO's event-loop threads, then parses and runs `root` as
/// ArgumentParser's own `main()` does, except that usage errors exit with 2 (not 64) and
/// an unknown subcommand gets a suggestion.
///
/// Agora's servers and clients do all their I/O on NIO's event loops; running tasks on
/// those same threads saves a thread hop (and a wake-up) on every request and event. The
/// executables call this from `main.swift` so they can run code before parsing.
public func runCommandOnEventLoops(_ root: any ParsableCommand.Type, _ arguments: [String]) async {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    let command: any ParsableCommand
    do {
        command = try root.parseAsRoot(arguments)
    } catch {
        exitForError(error, root: root, arguments: arguments)
    }
    do {
        var command = command
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await runAsync(&asyncCommand)
        } else {
            try command.run()
        }
    } catch {
        exitForError(error, root: root, arguments: arguments)
    }
}

/// The exit code of a command line that could not be understood.
public let usageExitCode: Int32 = 2

/// Help and version requests exit 0 as usual; anything else the parser refused is a usage
/// error: the message (with a "did you mean" for a misspelt subcommand) and exit 2.
private func exitForError(_ error: any Error, root: any ParsableCommand.Type, arguments: [String]) -> Never {
    let code = root.exitCode(for: error)
    guard code == .validationFailure else { root.exit(withError: error) }
    var message = root.fullMessage(for: error)
    if let suggestion = SubcommandSuggestion.suggest(for: arguments, root: root) { message += "\n" + suggestion }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(usageExitCode)
}

/// Calls the async `run()` (an existential would pick the synchronous requirement).
private func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
    try await command.run()
}
