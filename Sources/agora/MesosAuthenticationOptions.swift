import AgoraSecurity
import ArgumentParser

/// How the apps and jobs frameworks authenticate to the master: Marathon's and Chronos's
/// `--mesos_authentication_principal` and `--mesos_authentication_secret_file`.
struct MesosAuthenticationOptions: ParsableArguments {
    @Option(
        name: [.customLong("mesos-authentication-principal"), .customLong("mesos_authentication_principal")],
        help: "The principal to register with the master as (HTTP Basic on every call).")
    var principal: String?

    @Option(
        name: [.customLong("mesos-authentication-secret-file"), .customLong("mesos_authentication_secret_file")],
        help: "File holding the principal's secret, readable by its owner only (a trailing newline is no part of it).")
    var secretFile: String?

    func validate() throws {
        guard (self.principal == nil) == (self.secretFile == nil) else {
            throw ValidationError("--mesos-authentication-principal and --mesos-authentication-secret-file go together")
        }
    }

    /// The credential, when both flags are given.
    func credential() throws -> Credential? {
        guard let principal, let secretFile else { return nil }
        var secret = try AccessOptions.readSecretFile(secretFile, flag: "--mesos-authentication-secret-file")
        while secret.hasSuffix("\n") || secret.hasSuffix("\r") { secret.removeLast() }
        guard !secret.isEmpty else { throw ValidationError("--mesos-authentication-secret-file: \(secretFile) is empty") }
        return Credential(principal: principal, secret: secret)
    }
}
