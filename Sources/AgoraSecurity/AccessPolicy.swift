/// Who may call a server over HTTP, decided per request: protected mode without credentials,
/// HTTP authentication with them (Mesos's `--authenticate_http_readonly` and
/// `--authenticate_http_readwrite`, Marathon's and Chronos's `--http_credentials`).
public struct AccessPolicy: Sendable {
    /// Principals and secrets; nil: protected mode (local clients only).
    public var credentials: Credentials?
    /// The realm of `WWW-Authenticate: Basic realm="…"`.
    public var realm: String
    /// Serve remote clients without credentials (`--insecure-allow-remote`).
    public var allowRemoteWithoutCredentials = false
    /// Require authentication for reads (GET, HEAD) / for everything else.
    public var authenticateReads = true
    public var authenticateWrites = true
    /// Paths served to anyone, anywhere (health checks, the leader redirect).
    public var openPaths: Set<String> = []
    /// Paths that need no authentication (but protected mode applies, and credentials that
    /// are sent are checked): Mesos authenticates frameworks, agents and executors under
    /// flags of their own.
    public var anonymousPaths: Set<String> = []
    /// Addresses that count as this host (besides loopback): executors reach their agent
    /// on the host's own address.
    public var localAddresses: Set<String> = []
    /// What each principal may do (`--acls`); nil allows everything (protected mode alone).
    public var acls: ACLs?

    public init(credentials: Credentials?, realm: String) {
        self.credentials = credentials
        self.realm = realm
    }

    /// What to do with a request.
    public func decide(_ request: AccessRequest) -> AccessDecision {
        if self.openPaths.contains(request.path) { return .allow(principal: nil) }
        guard let credentials = self.credentials else {
            if self.allowRemoteWithoutCredentials || self.isLocal(request.remoteIP) { return .allow(principal: nil) }
            return .forbid(
                "Protected mode: no credentials are configured, so only clients on this host are served; "
                    + "configure credentials (--credentials or --http-credentials) or start with --insecure-allow-remote")
        }
        // A header that is sent is checked even where none is required: wrong credentials are
        // never taken as anonymous.
        if let header = request.authorization {
            let claim = ClaimedIdentity(authorization: header)
            // Another scheme (an executor's Bearer token) is for the route to check.
            if claim == nil && self.anonymousPaths.contains(request.path) { return .allow(principal: nil) }
            guard let principal = Self.principal(claim, in: credentials) else {
                return .challenge(realm: self.realm, reason: "Invalid credentials")
            }
            return .allow(principal: principal)
        }
        if let principal = request.sessionPrincipal { return .allow(principal: principal) }
        let required = !self.anonymousPaths.contains(request.path) && (request.isRead ? self.authenticateReads : self.authenticateWrites)
        return required ? .challenge(realm: self.realm, reason: "Authentication required") : .allow(principal: nil)
    }

    private static func principal(_ claim: ClaimedIdentity?, in credentials: Credentials) -> String? {
        switch claim {
        case .basic(let principal, let secret): credentials.verify(principal: principal, secret: secret) ? principal : nil
        case .token(let token): credentials.principal(holding: token)
        case nil: nil
        }
    }

    /// Whether `principal` (nil: anonymous) may do `action` on `object` under the ACLs.
    public func allows(_ action: String, principal: String?, object: String? = nil) -> Bool {
        self.acls?.authorize(action, principal: principal, object: object) ?? true
    }

    /// Loopback (127.0.0.0/8, ::1, and IPv4-mapped loopback) or one of `localAddresses`. An
    /// unknown peer address is not local: NIO forgets it once a connection closes, and a
    /// remote client that sends a request and closes at once must not pass for a local one.
    func isLocal(_ ip: String?) -> Bool {
        guard let ip else { return false }
        let address = ip.hasPrefix("::ffff:") ? String(ip.dropFirst(7)) : ip
        return address.hasPrefix("127.") || address == "::1" || self.localAddresses.contains(address)
    }
}

/// What the policy looks at.
public struct AccessRequest: Sendable {
    public var method: String
    public var path: String
    public var remoteIP: String?
    /// The `Authorization` header, if sent.
    public var authorization: String?
    /// The principal of a valid UI session, when the request carried one and no
    /// `Authorization` header.
    public var sessionPrincipal: String?

    public init(method: String, path: String, remoteIP: String?, authorization: String?, sessionPrincipal: String? = nil) {
        self.method = method
        self.path = path
        self.remoteIP = remoteIP
        self.authorization = authorization
        self.sessionPrincipal = sessionPrincipal
    }

    /// GET, HEAD or OPTIONS: what `--authenticate-http-readonly` covers and the audit log skips.
    public var isRead: Bool { ["GET", "HEAD", "OPTIONS"].contains(self.method.uppercased()) }
}

/// The policy's answer.
public enum AccessDecision: Equatable, Sendable {
    /// Serve it; `principal` when authenticated.
    case allow(principal: String?)
    /// 401 with `WWW-Authenticate: Basic realm="<realm>"`.
    case challenge(realm: String, reason: String)
    /// 403.
    case forbid(String)
}
