import AgoraHTTP
import AgoraMetrics
import AgoraSecurity
import AgoraServer
import HTTPTypes
import Hummingbird

/// The web UI's login: `POST /ui/api/login` with `Authorization: Basic …` (checked against
/// the master's `--credentials`) starts a session and sets its cookie; `POST /ui/api/logout`
/// (with the session's CSRF token) ends it; `GET /ui/api/session` tells the page who is
/// logged in and the CSRF token to send. Answers are JSON `{"message":…}` on refusal, and
/// never carry a Basic challenge (the browser must not raise its own prompt).
struct WebUILogin: Sendable {
    static let loginPath = "/ui/api/login"
    static let logoutPath = "/ui/api/logout"
    static let sessionPath = "/ui/api/session"
    /// How long a session lives: short, fixed from login (see docs/decisions.md).
    static let defaultLifetime: Duration = .seconds(900)

    let sessions: UISessions
    /// The master's credentials; nil: protected mode, nothing to log in to.
    let credentials: Credentials?
    /// Mark the cookie `Secure` (the master is served over TLS).
    let secureCookie: Bool
    /// Where failed logins are counted (`agora_http_unauthorized_total`, as other refusals).
    let registry: MetricsRegistry?

    /// The session and security-header middlewares; they must come before `AccessMiddleware`
    /// and before any route (a route keeps the middlewares added before it).
    func addMiddleware(to router: Router<AgoraRequestContext>) {
        router.add(middleware: SecurityHeadersMiddleware<AgoraRequestContext>())
        router.add(middleware: UISessionMiddleware(sessions: self.sessions))
    }

    func register(on router: Router<AgoraRequestContext>) {
        router.post(RouterPath(Self.loginPath)) { request, _ in await self.login(request) }
        router.post(RouterPath(Self.logoutPath)) { request, context in await self.logout(request, context: context) }
        router.get(RouterPath(Self.sessionPath)) { request, _ in await self.current(request) }
    }

    private func login(_ request: Request) async -> Response {
        guard let credentials = self.credentials else {
            return Self.refusal(.notFound, "This master has no credentials (--credentials): there is nothing to log in to")
        }
        guard case .basic(let principal, let secret) = request.headers[.authorization].flatMap(ClaimedIdentity.init(authorization:)) else {
            return Self.refusal(.badRequest, "Send the principal and secret as Authorization: Basic <base64 of principal:secret>")
        }
        guard credentials.verify(principal: principal, secret: secret) else {
            self.registry?.counter("agora_http_unauthorized_total", help: "Requests refused with 401 (no or wrong credentials)").increment()
            return Self.refusal(.unauthorized, "Invalid credentials")
        }
        let (id, session) = await self.sessions.login(principal: principal)
        var response = Self.describe(session, remaining: self.sessions.lifetime)
        response.headers[.setCookie] = UISessionMiddleware.cookie(id: id, lifetime: self.sessions.lifetime, secure: self.secureCookie)
        return response
    }

    /// The session middleware vouched for the caller only with the session's CSRF token: a
    /// cross-site form cannot log anyone out.
    private func logout(_ request: Request, context: AgoraRequestContext) async -> Response {
        guard context.sessionPrincipal != nil, let id = UISessionMiddleware.sessionID(in: request) else {
            return Self.refusal(.unauthorized, "No live session with this CSRF token (X-CSRF-Token)")
        }
        await self.sessions.logout(id: id)
        var response = Response(status: .noContent, headers: [.cacheControl: "no-store"])
        response.headers[.setCookie] = UISessionMiddleware.clearedCookie(secure: self.secureCookie)
        return response
    }

    /// Always 200, so a page that is not logged in logs no failed request: `principal` null
    /// then, and `login` says whether the master asks for one at all.
    private func current(_ request: Request) async -> Response {
        if let id = UISessionMiddleware.sessionID(in: request), let live = await self.sessions.session(id: id) {
            return Self.describe(live.session, remaining: live.remaining)
        }
        var response = Response.json(.object([("principal", .null), ("login", .bool(self.credentials != nil))]))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The page's view of a session: the CSRF token is readable only by the master's own
    /// pages (no CORS), which is what makes it a proof of origin.
    private static func describe(_ session: UISession, remaining: Duration) -> Response {
        var response = Response.json(.object([
            ("principal", .string(session.principal)), ("csrfToken", .string(session.csrfToken)),
            ("expiresIn", .int(remaining.components.seconds)), ("login", .bool(true)),
        ]))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var response = Response.json(.object([("message", .string(message))]), status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
