import AgoraSecurity
import ArgumentParser

/// `agora hash-secret`: reads a secret from standard input (not the command line, where
/// `ps` would show it) and prints its bcrypt hash, for a credentials file's `secret`.
struct HashSecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-secret",
        abstract: "Print the bcrypt hash of a secret read from standard input, for a credentials file.")

    @Option(help: "bcrypt cost (4-31); each step doubles the work of every check.")
    var cost: UInt8 = 12

    func validate() throws {
        guard (4...31).contains(self.cost) else { throw ValidationError("--cost must be between 4 and 31") }
    }

    func run() throws {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no secret on standard input")
        }
        print(Credentials.bcryptHash(line, cost: self.cost))
    }
}
