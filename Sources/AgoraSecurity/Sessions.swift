import Crypto

/// A web UI login: who it is, the token its mutating requests must carry (CSRF), and when it
/// ends. The expiry is fixed at login: a UI that polls every few seconds would keep a sliding
/// session alive for as long as a tab stays open, which is not "short-lived".
public struct UISession: Sendable, Equatable {
    public let principal: String
    /// Sent back in `X-CSRF-Token` on every request that is not a read.
    public let csrfToken: String
    public let expires: ContinuousClock.Instant

    public init(principal: String, csrfToken: String, expires: ContinuousClock.Instant) {
        self.principal = principal
        self.csrfToken = csrfToken
        self.expires = expires
    }

    /// Whether the session still lives at `now` (it ends at `expires`).
    public func isLive(at now: ContinuousClock.Instant) -> Bool { now < self.expires }
}

/// The live UI sessions: the pure core of UI login, with time and randomness passed in.
/// Sessions are kept under the SHA-256 of their ID, so neither the dictionary's lookup time
/// nor a dump of memory gives away an ID a browser holds.
public struct UISessionTable: Sendable {
    /// How long a session lives from its login.
    public let lifetime: Duration
    /// At most this many sessions; a login beyond it ends the one closest to expiring (only
    /// holders of valid credentials can log in, so this only bounds a runaway script).
    public let capacity: Int
    private var sessions: [[UInt8]: UISession] = [:]

    /// Bytes of randomness in a session ID and in a CSRF token (256 bits).
    public static let tokenBytes = 32

    public init(lifetime: Duration, capacity: Int = 10_000) {
        precondition(lifetime > .zero && capacity > 0, "a session table needs a positive lifetime and capacity")
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The number of sessions held (live or not yet purged).
    public var count: Int { self.sessions.count }

    /// Starts a session for `principal` at `now`. `randomBytes(n)` must give `n` bytes from
    /// a cryptographically secure generator. Returns the session's ID (for the cookie) and
    /// the session.
    public mutating func issue(
        principal: String, now: ContinuousClock.Instant, randomBytes: (Int) -> [UInt8]
    ) -> (id: String, session: UISession) {
        self.purge(now: now)
        if self.sessions.count >= self.capacity, let soonest = self.sessions.min(by: { $0.value.expires < $1.value.expires })?.key {
            self.sessions[soonest] = nil
        }
        let id = ExecutorToken.base64URL(randomBytes(Self.tokenBytes))
        let session = UISession(
            principal: principal, csrfToken: ExecutorToken.base64URL(randomBytes(Self.tokenBytes)), expires: now + self.lifetime)
        self.sessions[Self.key(id)] = session
        return (id, session)
    }

    /// The live session `id` names at `now`, if any.
    public func session(id: String, now: ContinuousClock.Instant) -> UISession? {
        guard let session = self.sessions[Self.key(id)], session.isLive(at: now) else { return nil }
        return session
    }

    /// The principal a request with session cookie `id` acts as: any live session's for a
    /// read; for anything else only if the request also carries that session's CSRF token,
    /// since a browser sends the cookie on its own but only the page can add the header.
    public func principal(id: String, csrfToken: String?, isRead: Bool, now: ContinuousClock.Instant) -> String? {
        guard let session = self.session(id: id, now: now) else { return nil }
        if isRead { return session.principal }
        guard let csrfToken, ConstantTime.equal(session.csrfToken, csrfToken) else { return nil }
        return session.principal
    }

    /// Ends session `id` (logout); whether it was held.
    @discardableResult
    public mutating func end(id: String) -> Bool { self.sessions.removeValue(forKey: Self.key(id)) != nil }

    /// Forgets the sessions that have expired by `now`.
    public mutating func purge(now: ContinuousClock.Instant) {
        self.sessions = self.sessions.filter { $0.value.isLive(at: now) }
    }

    private static func key(_ id: String) -> [UInt8] { Array(SHA256.hash(data: Array(id.utf8))) }
}

/// The UI sessions of one server, shared by its requests: the table behind an actor, with
/// the clock and the randomness injected so tests need neither sleeps nor luck.
public actor UISessions {
    private var table: UISessionTable
    /// How long a session lives from its login (the cookie's `Max-Age`).
    public nonisolated let lifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let randomBytes: @Sendable (Int) -> [UInt8]

    /// - Parameters:
    ///   - lifetime: how long a session lives from its login (fixed, not sliding).
    ///   - now: the current instant (a test advances its own).
    ///   - randomBytes: `n` cryptographically secure random bytes.
    public init(
        lifetime: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        randomBytes: @escaping @Sendable (Int) -> [UInt8] = UISessions.systemRandomBytes
    ) {
        self.table = UISessionTable(lifetime: lifetime)
        self.lifetime = lifetime
        self.now = now
        self.randomBytes = randomBytes
    }


    /// Starts a session for an authenticated `principal`.
    public func login(principal: String) -> (id: String, session: UISession) {
        self.table.issue(principal: principal, now: self.now(), randomBytes: self.randomBytes)
    }

    /// The live session `id` names, and the time it has left.
    public func session(id: String) -> (session: UISession, remaining: Duration)? {
        let now = self.now()
        return self.table.session(id: id, now: now).map { ($0, $0.expires - now) }
    }

    /// See `UISessionTable.principal(id:csrfToken:isRead:now:)`.
    public func principal(id: String, csrfToken: String?, isRead: Bool) -> String? {
        self.table.principal(id: id, csrfToken: csrfToken, isRead: isRead, now: self.now())
    }

    /// Ends session `id`; whether it was held.
    @discardableResult
    public func logout(id: String) -> Bool { self.table.end(id: id) }

    /// `n` bytes from the system's generator (getrandom(2) on Linux), which is
    /// cryptographically secure.
    public static func systemRandomBytes(_ n: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
