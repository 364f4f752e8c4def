import Foundation

/// Principals and their secrets, from Mesos's credentials JSON:
/// `{"credentials":[{"principal":"p","secret":"s"}]}` (the text format Mesos removed in 2020
/// is refused with a message saying so). A secret may be a bcrypt hash (`$2b$…`), which
/// clients' plain secrets are checked against.
public struct Credentials: Sendable, Equatable {
    private let secrets: [String: String]

    /// Credentials from principal → secret.
    public init(_ secrets: [String: String]) { self.secrets = secrets }

    /// The principals, sorted.
    public var principals: [String] { self.secrets.keys.sorted() }

    /// Parses Mesos's JSON. Refuses an empty principal or secret, and a principal given twice.
    public static func parse(_ text: String) throws(SecurityConfigError) -> Credentials {
        struct File: Decodable {
            struct Entry: Decodable {
                let principal: String
                let secret: String
            }
            let credentials: [Entry]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(text.utf8))
        } catch {
            let hint = text.contains("{") ? "" : " (the 'principal secret' text format was removed from Mesos in 2020; use JSON)"
            throw SecurityConfigError("credentials must be {\"credentials\":[{\"principal\":…,\"secret\":…}]}\(hint): \(error)")
        }
        var secrets: [String: String] = [:]
        for (index, entry) in file.credentials.enumerated() {
            guard !entry.principal.isEmpty else { throw SecurityConfigError("credentials[\(index)]: the principal is empty") }
            guard !entry.secret.isEmpty else { throw SecurityConfigError("credentials[\(index)] (\(entry.principal)): the secret is empty") }
            guard secrets[entry.principal] == nil else { throw SecurityConfigError("principal '\(entry.principal)' is given twice") }
            secrets[entry.principal] = entry.secret
        }
        return Credentials(secrets)
    }

    /// The principal whose secret is `token` (Marathon's `Authorization: token=…`): every
    /// secret is compared, in constant time each, so the answer's timing tells nothing.
    public func principal(holding token: String) -> String? {
        var found: String?
        for (principal, secret) in self.secrets.sorted(by: { $0.key < $1.key }) where found == nil && SecretCheck.matches(stored: secret, presented: token) {
            found = principal
        }
        return found
    }

    /// Whether `secret` is `principal`'s. Compared in constant time, and an unknown principal
    /// takes as long as a known one with a wrong secret.
    public func verify(principal: String, secret: String) -> Bool {
        let known = self.secrets[principal]
        let matches = SecretCheck.matches(stored: known ?? secret + "\u{0}", presented: secret)
        return known != nil && matches
    }
}
