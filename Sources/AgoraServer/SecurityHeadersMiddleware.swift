import HTTPTypes
import Hummingbird

/// Puts the browser-facing security headers on every response, error answers included:
/// a strict Content-Security-Policy (no inline script or style, nothing from elsewhere),
/// no framing (`X-Frame-Options: DENY`, `frame-ancestors 'none'`), no MIME sniffing, and no
/// referrer to other sites. JSON APIs get them too: a browser may open one directly.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// `connect-src` lets the UI probe other masters (`fetch(…, {mode: 'no-cors'})`) when its
    /// own is gone: their addresses come from ZooKeeper at run time, so any http(s) origin.
    public static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' http: https:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        Self.apply(to: &response.headers)
        return response
    }

    static func apply(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
    }
}
