import Foundation

/// One principal and its secret, which a client (an agent, the apps or jobs framework)
/// authenticates with: Mesos's `--credential` JSON `{"principal":…,"secret":…}`.
public struct Credential: Sendable, Equatable {
    public var principal: String
    public var secret: String

    public init(principal: String, secret: String) {
        self.principal = principal
        self.secret = secret
    }

    /// Parses Mesos's JSON; an empty principal or secret is refused.
    public static func parse(_ text: String) throws(SecurityConfigError) -> Credential {
        struct File: Decodable {
            let principal: String
            let secret: String
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(text.utf8))
        } catch {
            throw SecurityConfigError("a credential must be {\"principal\":…,\"secret\":…}: \(error)")
        }
        guard !file.principal.isEmpty, !file.secret.isEmpty else { throw SecurityConfigError("the principal and the secret must not be empty") }
        return Credential(principal: file.principal, secret: file.secret)
    }
}
