import Crypto
import HummingbirdBcrypt
import Synchronization

/// How a stored secret is compared with a presented one: plain secrets in constant time,
/// bcrypt hashes (`$2a$`, `$2b$`, `$2y$`) by bcrypt. A bcrypt check costs tens of
/// milliseconds by design, and frameworks send their credentials on every call, so
/// successful checks are remembered (by a SHA-256 of hash and secret, never the secret).
enum SecretCheck {
    static func isBcrypt(_ stored: String) -> Bool {
        ["$2a$", "$2b$", "$2y$"].contains { stored.hasPrefix($0) } && stored.count == 60
    }

    static func matches(stored: String, presented: String) -> Bool {
        guard Self.isBcrypt(stored) else { return ConstantTime.equal(stored, presented) }
        let key = Self.cacheKey(stored: stored, presented: presented)
        if Self.verified.withLock({ $0.contains(key) }) { return true }
        guard Bcrypt.verify(presented, hash: stored) else { return false }
        Self.verified.withLock { cache in
            // Bounded: a flood of distinct good secrets cannot grow it without end.
            if cache.count >= 4096 { cache.removeAll() }
            cache.insert(key)
        }
        return true
    }

    private static let verified = Mutex<Set<SHA256.Digest>>([])

    private static func cacheKey(stored: String, presented: String) -> SHA256.Digest {
        SHA256.hash(data: Array(stored.utf8) + [0] + Array(presented.utf8))
    }
}

extension Credentials {
    /// A bcrypt hash of `secret` to put in a credentials file instead of the secret itself
    /// (`agora hash-secret`). Cost 12 takes a few hundred milliseconds to check once.
    public static func bcryptHash(_ secret: String, cost: UInt8 = 12) -> String {
        Bcrypt.hash(secret, cost: cost)
    }
}
