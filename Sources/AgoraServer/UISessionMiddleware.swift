import AgoraSecurity
import HTTPTypes
import Hummingbird

/// Turns a web UI session cookie into `context.sessionPrincipal`, for `AccessMiddleware`
/// (registered after this one) to allow. A read needs only a live session's cookie; any
/// other method also needs the session's CSRF token in `X-CSRF-Token`: a browser attaches
/// the cookie by itself, but only the UI's own script can add the header. Without a valid
/// pair the request is judged on its own credentials, as if it had no cookie.
public struct UISessionMiddleware: RouterMiddleware {
    public typealias Context = AgoraRequestContext

    /// The session cookie's name.
    public static let cookieName = "agora_session"
    /// The header a mutating request carries its session's CSRF token in.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// The UI marks its requests with `X-Requested-With: XMLHttpRequest` (as jQuery and
    /// Spring do); a 401 to them loses its Basic challenge, so the browser shows the UI's
    /// login form instead of its own password prompt.
    public static let requestedWith = HTTPField.Name("X-Requested-With")!

    let sessions: UISessions

    public init(sessions: UISessions) { self.sessions = sessions }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.sessionPrincipal = nil
        if let id = Self.sessionID(in: request) {
            let isRead = AccessRequest(method: request.method.rawValue, path: request.uri.path, remoteIP: nil, authorization: nil).isRead
            context.sessionPrincipal = await self.sessions.principal(id: id, csrfToken: request.headers[Self.csrfHeader], isRead: isRead)
        }
        var response = try await next(request, context)
        if response.status == .unauthorized && request.headers[Self.requestedWith] == "XMLHttpRequest" {
            response.headers[.wwwAuthenticate] = nil
        }
        return response
    }

    /// The session ID the request's cookie names, if it sent one.
    public static func sessionID(in request: Request) -> String? {
        guard let value = request.cookies[Self.cookieName]?.value, !value.isEmpty else { return nil }
        return value
    }

    /// The `Set-Cookie` value that gives a browser session `id` for `lifetime`: HttpOnly (no
    /// script reads it), SameSite=Strict (no other site's page sends it), Path=/ (the UI
    /// reads the master's APIs), and Secure when the server is reached over TLS.
    public static func cookie(id: String, lifetime: Duration, secure: Bool) -> String {
        "\(Self.cookieName)=\(id); Max-Age=\(lifetime.components.seconds); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that makes a browser forget its session cookie.
    public static func clearedCookie(secure: Bool) -> String { Self.cookie(id: "", lifetime: .zero, secure: secure) }
}
