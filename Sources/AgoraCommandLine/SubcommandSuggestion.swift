import ArgumentParser

/// "Did you mean 'agents'?" for a word that is not a subcommand where one was expected.
enum SubcommandSuggestion {
    static func suggest(for arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        for argument in arguments where !argument.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { Self.names(of: $0).contains(argument) }) {
                command = next
                continue
            }
            let candidates = subcommands.flatMap(Self.names(of:))
            let best = candidates.map { ($0, Self.distance(argument, $0)) }.min { $0.1 < $1.1 }
            guard let best, best.1 <= max(2, argument.count / 3) || best.0.hasPrefix(argument) else { return nil }
            return "Did you mean '\(best.0)'?"
        }
        return nil
    }

    private static func names(of command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
