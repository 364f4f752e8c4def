import Crypto
import Foundation

/// The token an agent gives each executor (`MESOS_EXECUTOR_AUTHENTICATION_TOKEN`) and checks
/// on its executor API (`Authorization: Bearer …`), as Mesos's `--authenticate_http_executors`:
/// a JWT signed with HS256 whose claims name the executor — `fid` (framework), `eid`
/// (executor) and `cid` (container).
public struct ExecutorToken: Equatable, Sendable {
    public var frameworkID: String
    public var executorID: String
    public var containerID: String

    public init(frameworkID: String, executorID: String, containerID: String) {
        self.frameworkID = frameworkID
        self.executorID = executorID
        self.containerID = containerID
    }

    /// The signed JWT.
    public func signed(with key: [UInt8]) -> String {
        let header = Self.base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let claims: [String: String] = ["fid": self.frameworkID, "eid": self.executorID, "cid": self.containerID]
        let json: Data
        do {
            // Sorted keys: the same token for the same executor, whatever the dictionary's order.
            json = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        } catch {
            preconditionFailure("strings always encode as JSON: \(error)")
        }
        let payload = Self.base64URL(Array(json))
        let input = header + "." + payload
        return input + "." + Self.base64URL(Self.signature(of: input, key: key))
    }

    /// The executor a JWT names, if `key` signed it with HS256; nil for anything else
    /// (another algorithm, a bad signature, missing claims, malformed text).
    public static func verify(_ token: String, key: [UInt8]) -> ExecutorToken? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.decodeBase64URL(parts[0]), let payloadBytes = Self.decodeBase64URL(parts[1]),
            let signature = Self.decodeBase64URL(parts[2])
        else { return nil }
        let expected = Self.signature(of: parts[0] + "." + parts[1], key: key)
        // Unparsable JSON in a token is a refusal (nil), not an error anyone must see.
        guard ConstantTime.equal(expected, signature),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any], header["alg"] as? String == "HS256",
            let claims = try? JSONSerialization.jsonObject(with: Data(payloadBytes)) as? [String: Any],
            let fid = claims["fid"] as? String, let eid = claims["eid"] as? String, let cid = claims["cid"] as? String
        else { return nil }
        return ExecutorToken(frameworkID: fid, executorID: eid, containerID: cid)
    }

    private static func signature(of input: some StringProtocol, key: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: key)))
    }

    /// JWT's base64url (RFC 4648 §5, unpadded) over the module's standard `Base64`.
    static func base64URL(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).compactMap { $0 == "=" ? nil : $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    static func decodeBase64URL(_ text: some StringProtocol) -> [UInt8]? {
        let standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        return Base64.decode(standard + String(repeating: "=", count: (4 - standard.count % 4) % 4))
    }
}
