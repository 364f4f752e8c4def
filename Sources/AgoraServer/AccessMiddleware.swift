import AgoraHTTP
import AgoraMetrics
import AgoraSecurity
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Applies an `AccessPolicy` to every request before the routes: a 401 with a Basic
/// challenge, a 403, or on to the routes. The body style is the API's own: plain text for
/// Mesos's endpoints, `{"message":…}` for Marathon's, Chronos's and Metronome's (clients of
/// those parse error bodies as JSON).
public struct AccessMiddleware: RouterMiddleware {
    public typealias Context = AgoraRequestContext

    public enum BodyStyle: Sendable {
        case text
        case jsonMessage
    }

    let policy: AccessPolicy
    let style: BodyStyle
    let refusals: (unauthorized: Prometheus.Counter, forbidden: Prometheus.Counter)?
    let audit: Logger?

    /// - Parameters:
    ///   - registry: where to count refusals (`agora_http_unauthorized_total`,
    ///     `agora_http_forbidden_total`).
    ///   - audit: logs every call that is not a read, refused or not: principal, method,
    ///     path, client and status (at `notice`, label `audit` in the metadata).
    public init(policy: AccessPolicy, style: BodyStyle, registry: MetricsRegistry? = nil, audit: Logger? = nil) {
        self.policy = policy
        self.style = style
        self.refusals = registry.map {
            ($0.counter("agora_http_unauthorized_total", help: "Requests refused with 401 (no or wrong credentials)"),
             $0.counter("agora_http_forbidden_total", help: "Requests refused with 403 (protected mode)"))
        }
        self.audit = audit
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let access = AccessRequest(
            method: request.method.rawValue, path: request.uri.path, remoteIP: context.remoteIP,
            authorization: request.headers[.authorization], sessionPrincipal: context.sessionPrincipal)
        let response: Response
        var principal: String?
        switch self.policy.decide(access) {
        case .allow(let who):
            principal = who
            var context = context
            context.principal = who
            do {
                response = try await next(request, context)
            } catch {
                self.record(access, principal: who, status: (error as? any HTTPResponseError)?.status.code ?? 500)
                throw error
            }
        case .challenge(let realm, let reason):
            self.refusals?.unauthorized.increment()
            var refused = self.refusal(.unauthorized, reason)
            refused.headers[.wwwAuthenticate] = "Basic realm=\"\(realm)\""
            response = refused
        case .forbid(let reason):
            self.refusals?.forbidden.increment()
            response = self.refusal(.forbidden, reason)
        }
        self.record(access, principal: principal, status: response.status.code)
        return response
    }

    /// The audit line of a call that is not a read.
    private func record(_ access: AccessRequest, principal: String?, status: Int) {
        guard let audit, !access.isRead else { return }
        audit.notice("audit", metadata: [
            "principal": "\(principal ?? "-")", "method": "\(access.method)", "path": "\(access.path)",
            "client": "\(access.remoteIP ?? "-")", "status": "\(status)",
        ])
    }

    private func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        switch self.style {
        case .text:
            return Response(
                status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
        case .jsonMessage:
            return Response.json(.object([("message", .string(message))]), status: status)
        }
    }
}
