import AgoraHTTP
import AgoraSecurity
import HTTPTypes
import Hummingbird
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

    public init(policy: AccessPolicy, style: BodyStyle) {
        self.policy = policy
        self.style = style
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let decision = self.policy.decide(AccessRequest(
            method: request.method.rawValue, path: request.uri.path, remoteIP: context.remoteIP,
            authorization: request.headers[.authorization]))
        switch decision {
        case .allow:
            return try await next(request, context)
        case .challenge(let realm, let reason):
            var response = self.refusal(.unauthorized, reason)
            response.headers[.wwwAuthenticate] = "Basic realm=\"\(realm)\""
            return response
        case .forbid(let reason):
            return self.refusal(.forbidden, reason)
        }
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
