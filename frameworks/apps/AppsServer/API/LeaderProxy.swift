import AgoraTLS
import AppsCore
import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// A standby's answer to API requests (reference §2.1, Marathon's `LeaderProxyFilter`):
/// every request is forwarded to the leader and its answer relayed, except `/v2/events`,
/// which gets a 302 to the leader.
struct LeaderProxy: Sendable {
    static let viaHeader = HTTPField.Name("X-Agora-Proxied-By")!
    /// Headers that describe one connection, not the request.
    static let hopByHop: Set<String> = ["host", "connection", "content-length", "transfer-encoding", "keep-alive"]
    let client: HTTPClient
    let timeout: Duration
    /// `host:port` of this server, to refuse loops.
    let selfAddress: @Sendable () -> String
    /// The leader speaks TLS when this process does (its settings are the cluster's).
    static var scheme: String { ProcessTLS.usable?.scheme ?? "http" }

    func forward(_ request: MarathonRequest, method: HTTPRequest.Method, pathAndQuery: String, to leader: String) async -> Response {
        if request.headers[Self.viaHeader] != nil {
            return .marathon(.object([("message", .string("Could not determine the current leader (\(leader) is not leading either)"))]), status: .badGateway)
        }
        var forwarded = HTTPClientRequest(url: "\(Self.scheme)://\(leader)\(pathAndQuery)")
        forwarded.method = NIOHTTP1.HTTPMethod(rawValue: method.rawValue)
        for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
            forwarded.headers.add(name: field.name.rawName, value: field.value)
        }
        forwarded.headers.add(name: Self.viaHeader.rawName, value: self.selfAddress())
        if !request.body.isEmpty { forwarded.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let nanos = Int64(self.timeout.components.seconds) * 1_000_000_000
            let response = try await self.client.execute(forwarded, timeout: .nanoseconds(nanos))
            let body = try await response.body.collect(upTo: 256 << 20)
            var headers = HTTPFields()
            for header in response.headers where !Self.hopByHop.contains(header.name.lowercased()) {
                if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
            }
            headers[.marathonLeader] = "\(Self.scheme)://\(leader)"
            return Response(status: .init(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: body))
        } catch {
            return .marathon(.object([("message", .string("Could not reach the leader at \(leader): \(error)"))]), status: .badGateway)
        }
    }

    /// 302 to the leader, for event streams.
    static func redirect(pathAndQuery: String, to leader: String) -> Response {
        .empty(.found, headers: [.location: "\(Self.scheme)://\(leader)\(pathAndQuery)"])
    }
}
