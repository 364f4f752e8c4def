/// What an `Authorization` header claims: Basic `principal:secret` (split on the first `:`
/// only, so a secret may contain one — Mesos refused those), or Marathon's `token=…`.
public enum ClaimedIdentity: Equatable, Sendable {
    case basic(principal: String, secret: String)
    case token(String)

    /// Parses an `Authorization` header value; nil when it is neither form or is malformed.
    public init?(authorization header: String) {
        let trimmed = header.trimmingPrefixWhitespace()
        if let rest = Self.afterScheme("Basic", in: trimmed) {
            guard let decoded = Base64.decode(rest), let text = String(validating: decoded, as: UTF8.self),
                let colon = text.firstIndex(of: ":")
            else { return nil }
            let principal = String(text[..<colon])
            guard !principal.isEmpty else { return nil }
            self = .basic(principal: principal, secret: String(text[text.index(after: colon)...]))
        } else if let token = Self.afterScheme("token=", in: trimmed, separator: false), !token.isEmpty {
            self = .token(String(token))
        } else {
            return nil
        }
    }

    /// The text after `scheme` (case-insensitive) and, unless `separator` is false, a space.
    private static func afterScheme(_ scheme: String, in header: Substring, separator: Bool = true) -> Substring? {
        guard header.count > scheme.count, header.prefix(scheme.count).lowercased() == scheme.lowercased() else { return nil }
        let rest = header.dropFirst(scheme.count)
        guard separator else { return rest }
        guard rest.first == " " else { return nil }
        return rest.drop { $0 == " " }
    }
}

extension String {
    fileprivate func trimmingPrefixWhitespace() -> Substring { self.drop { $0 == " " || $0 == "\t" } }
}

/// Standard base64 (RFC 4648 §4, padding required), without Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8: UInt8] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt8($0)) })

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 4 * 3)
        for start in stride(from: 0, to: bytes.count, by: 4) {
            let chunk = bytes[start..<start + 4]
            let padding = chunk.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            guard padding <= 2, start + 4 == bytes.count || padding == 0 else { return nil }
            var word: UInt32 = 0
            for (index, byte) in chunk.enumerated() {
                let value: UInt8
                if index >= 4 - padding {
                    value = 0
                } else {
                    guard let decoded = Self.values[byte] else { return nil }
                    value = decoded
                }
                word = word << 6 | UInt32(value)
            }
            output.append(UInt8(truncatingIfNeeded: word >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: word >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: word)) }
        }
        return output
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = Array(bytes[start..<min(start + 3, bytes.count)])
            let word = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for index in 0..<4 {
                output.append(index <= chunk.count ? Self.alphabet[Int(word >> (18 - 6 * UInt32(index)) & 63)] : UInt8(ascii: "="))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
