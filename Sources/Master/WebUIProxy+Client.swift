import AgoraHTTPClient
import AsyncHTTPClient
import HTTPTypes
import NIOCore
import NIOHTTP1

extension WebUIProxy {
    /// The largest answer the proxy passes on (a files API read is capped far below this).
    static let maxResponseBytes = 64 << 20

    /// Forwards over the shared AsyncHTTPClient (TLS as the process's LIBPROCESS_SSL_* say:
    /// agents and frameworks speak it when the master does), passing on the answer's
    /// content headers.
    @Sendable static func send(_ outgoing: Outgoing) async throws -> Incoming {
        var request = HTTPClientRequest(url: outgoing.url)
        request.method = HTTPMethod(rawValue: outgoing.method.rawValue)
        if let contentType = outgoing.contentType { request.headers.add(name: "Content-Type", value: contentType) }
        request.headers.add(name: "Accept", value: outgoing.accept ?? "application/json")
        if outgoing.body.readableBytes > 0 { request.body = .bytes(outgoing.body) }
        let response = try await HTTPClient.agora.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: Self.maxResponseBytes)
        var headers: [(HTTPField.Name, String)] = []
        for name in ["Content-Type", "Content-Disposition", "Location"] {
            if let value = response.headers.first(name: name), let field = HTTPField.Name(name) { headers.append((field, value)) }
        }
        return Incoming(status: Int(response.status.code), headers: headers, body: body)
    }
}
