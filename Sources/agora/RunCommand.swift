import ArgumentParser

/// Parses and runs a command tree, as ArgumentParser's own `main()` does, for entry points
/// that must run code before it (see main.swift).
func runCommand(_ root: any ParsableCommand.Type, _ arguments: [String]) async {
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
