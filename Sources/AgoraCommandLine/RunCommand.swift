import ArgumentParser
import NIOCore
import NIOPosix

/// Runs Swift concurrency on NIO's event-loop threads, then parses and runs `root` as
/// ArgumentParser's own `main()` does.
///
/// Agora's servers and clients do all their I/O on NIO's event loops; running tasks on
/// those same threads saves a thread hop (and a wake-up) on every request and event. The
/// executables call this from `main.swift` so they can run code before parsing.
public func runCommandOnEventLoops(_ root: any ParsableCommand.Type, _ arguments: [String]) async {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    do {
        var command = try root.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await runAsync(&asyncCommand)
        } else {
            try command.run()
        }
    } catch {
        root.exit(withError: error)
    }
}

/// Calls the async `run()` (an existential would pick the synchronous requirement).
private func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
    try await command.run()
}
