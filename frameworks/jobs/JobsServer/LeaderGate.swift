import AgoraServer
import AgoraHTTPClient
import AgoraTLS
import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// In front of every API route: the leader serves, a standby proxies to the leader (as
/// Chronos's `RedirectFilter` does), and with no leader known the answer is 503.
/// `/ping`, `/leader` and the metrics are always answered locally.
struct LeaderGate: RouterMiddleware {
    typealias Context = AgoraRequestContext
    /// Set on proxied requests, so two confused instances never bounce a request forever.
    static let proxiedHeader = HTTPField.Name("X-Agora-Jobs-Proxied")!
    static let localPaths: Set<String> = ["/ping", "/leader", "/v1/scheduler/leader", "/scheduler/leader", "/metrics", "/metrics/prometheus", "/v1/metrics"]
    /// Headers that describe one connection, not the request: never forwarded.
    static let hopByHop: Set<String> = ["host", "connection", "content-length", "transfer-encoding", "keep-alive"]
    let shell: JobsShell
    let maxRequestBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.localPaths.contains(request.uri.path) { return try await next(request, context) }
        switch await self.shell.currentRole {
        case .leading: return try await next(request, context)
        case .recovering: return JobsHTTP.unavailable("this instance was elected and is loading its state")
        case .standby(nil): return JobsHTTP.unavailable("no leader is elected yet")
        case .standby(let leader?):
            guard request.headers[Self.proxiedHeader] == nil else { return JobsHTTP.unavailable("the leader \(leader) does not lead") }
            return await self.proxy(request, to: leader)
        }
    }

    /// Forwards the request to the leader and relays its answer; 500 when that fails (Chronos).
    private func proxy(_ request: Request, to leader: String) async -> Response {
        var request = request
        do {
            // https when this process speaks TLS: the leader then does too.
            var outgoing = HTTPClientRequest(url: try ProcessTLS.url("http://\(leader)\(request.uri.description)"))
            outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
            for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
                outgoing.headers.add(name: field.name.rawName, value: field.value)
            }
            outgoing.headers.add(name: Self.proxiedHeader.rawName, value: "1")
            let body = try await request.collectBody(limit: self.maxRequestBytes)
            if !body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
            let response = try await HTTPClient.agora.execute(outgoing, timeout: .seconds(60))
            let collected = try await response.body.collect(upTo: 64 << 20)
            var headers = HTTPFields()
            for header in response.headers {
                guard let name = HTTPField.Name(header.name), !Self.hopByHop.contains(name.canonicalName) else { continue }
                headers.append(HTTPField(name: name, value: header.value))
            }
            return Response(status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers, body: ResponseBody(byteBuffer: collected))
        } catch {
            return JobsHTTP.chronosError("Error proxying request to leader \(leader): \(error)", status: .internalServerError)
        }
    }
}
