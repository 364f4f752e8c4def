import AgoraSecurity
import ArgumentParser
import Foundation
import Logging

/// Who may call a server: the same flags on the master, agent, apps and jobs servers
/// (docs/security.md). Without credentials a server serves only clients on its own host.
struct AccessOptions: ParsableArguments {
    @Option(
        name: [.customLong("credentials"), .customLong("http-credentials"), .customLong("http_credentials")],
        help: "Mesos credentials JSON ({\"credentials\":[{\"principal\":…,\"secret\":…}]}), a path or file://path; or Marathon's user:password. Turns authentication on.")
    var credentials: String?

    @Flag(
        name: [.customLong("authenticate-http-readonly"), .customLong("authenticate_http_readonly")], inversion: .prefixedNo,
        help: "With credentials: require them for reads (GET, HEAD).")
    var authenticateReads = true

    @Flag(
        name: [.customLong("authenticate-http-readwrite"), .customLong("authenticate_http_readwrite")], inversion: .prefixedNo,
        help: "With credentials: require them for everything else.")
    var authenticateWrites = true

    @Option(name: [.customLong("http-realm"), .customLong("http_realm")], help: "The realm of the Basic challenge.")
    var realm: String?

    @Option(
        name: [.customLong("acls")],
        help: "Mesos ACLs (JSON inline, a path or file://path), plus create/update/delete/view_run_specs on app and job paths. With credentials and no ACLs: read-only for everyone.")
    var acls: String?

    @Flag(help: "Without credentials, serve clients on other hosts too (protected mode off). Anyone who can connect can then run commands on every agent.")
    var insecureAllowRemote = false

    /// The policy these flags describe; `realm` unless `--http-realm`. Refuses an unreadable
    /// credentials file, one that others may read, or one that is not Mesos's JSON.
    func policy(realm defaultRealm: String, logger: Logger) throws -> AccessPolicy {
        let credentials = try self.credentials.map { location in try Self.load(location, logger: logger) }
        var policy = AccessPolicy(credentials: credentials, realm: self.realm ?? defaultRealm)
        policy.authenticateReads = self.authenticateReads
        policy.authenticateWrites = self.authenticateWrites
        policy.allowRemoteWithoutCredentials = self.insecureAllowRemote
        if policy.credentials == nil && self.insecureAllowRemote {
            logger.warning("--insecure-allow-remote without credentials: anyone who can reach this server can use all of its API")
        }
        policy.acls = try self.acls.map(Self.loadACLs) ?? (policy.credentials == nil ? nil : .readOnly)
        if policy.credentials != nil, policy.acls?.permissive == true {
            logger.warning("--acls are permissive: every action no rule names is allowed to every principal")
        }
        return policy
    }

    private static func loadACLs(_ value: String) throws -> ACLs {
        let text = ACLs.isInline(value) ? value : try Self.readFile(value, flag: "--acls")
        do {
            return try ACLs.parse(text)
        } catch {
            throw ValidationError("--acls: \(error)")
        }
    }

    private static func readFile(_ location: String, flag: String) throws -> String {
        let path = location.hasPrefix("file://") ? String(location.dropFirst(7)) : location
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("\(flag): cannot read \(path): \(error)")
        }
    }

    private static func load(_ location: String, logger: Logger) throws -> Credentials {
        if let inline = Self.inlineCredential(location) {
            logger.warning("--http-credentials user:password puts the secret in the process list; use a credentials file")
            return Credentials([inline.principal: inline.secret])
        }
        let text = try Self.readSecretFile(location, flag: "--credentials")
        do {
            return try Credentials.parse(text)
        } catch {
            throw ValidationError("--credentials: \(location): \(error)")
        }
    }

    /// Marathon's and Chronos's `--http_credentials user:password`: a value with a `:` that
    /// names no file (the user may not contain `:`; the password may).
    static func inlineCredential(_ value: String) -> Credential? {
        if value.hasPrefix("file://") || value.hasPrefix("/") || FileManager.default.fileExists(atPath: value) { return nil }
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let user = String(value[..<colon])
        let password = String(value[value.index(after: colon)...])
        if user.isEmpty || password.isEmpty { return nil }
        return Credential(principal: user, secret: password)
    }

    /// A client's credential from a Mesos `--credential` JSON file only its owner may read.
    static func credential(at location: String, flag: String) throws -> Credential {
        let text = try Self.readSecretFile(location, flag: flag)
        do {
            return try Credential.parse(text)
        } catch {
            throw ValidationError("\(flag): \(location): \(error)")
        }
    }

    /// A file of secrets (a path or file://path): refused unless only its owner may read and
    /// write it.
    static func readSecretFile(_ location: String, flag: String) throws -> String {
        let path = location.hasPrefix("file://") ? String(location.dropFirst(7)) : location
        var info = stat()
        guard stat(path, &info) == 0 else { throw ValidationError("\(flag): cannot read \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & 0o077 == 0 else {
            throw ValidationError("\(flag): \(path) is readable or writable by others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("\(flag): cannot read \(path): \(error)")
        }
    }
}
