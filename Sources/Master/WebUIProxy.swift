import AgoraServer
import HTTPTypes
import Hummingbird
import NIOCore

/// Gives the web UI one origin: the master forwards `/ui/proxy/framework/<id>/...` to that
/// framework's `webui_url` and `/ui/proxy/agent/<id>/files/...` to that agent's files API.
/// Only frameworks and agents the master knows are targets, and only the agent's files API,
/// so this is no open proxy.
struct WebUIProxy: Sendable {
    /// Where a proxied request goes.
    enum Target: Hashable, Sendable {
        case framework(String)
        case agent(String)
    }

    /// A request to forward: method, absolute URL, the headers worth passing on, and the body.
    struct Outgoing: Sendable {
        var method: HTTPRequest.Method
        var url: String
        var contentType: String?
        var accept: String?
        var body: ByteBuffer
    }

    /// What came back from the target.
    struct Incoming: Sendable {
        var status: Int
        var headers: [(HTTPField.Name, String)]
        var body: ByteBuffer
    }

    static let prefix = "/ui/proxy"
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]

    /// The base URL (`http://host:port`) of a known target, nil when there is none.
    let resolve: @Sendable (Target) async -> String?
    /// Sends the request to the target (AsyncHTTPClient in the master, a recorder in tests).
    let forward: @Sendable (Outgoing) async throws -> Incoming
    let maxRequestBytes: Int

    func register(on router: Router<AgoraRequestContext>) {
        for path in ["\(Self.prefix)/framework/:id/**", "\(Self.prefix)/agent/:id/**"] {
            for method in Self.methods {
                router.on(RouterPath(path), method: method) { request, _ in try await self.handle(request) }
            }
        }
    }

    private func handle(_ request: Request) async throws -> Response {
        let path = request.uri.path
        guard let (target, rest) = Self.parse(path: path) else {
            return Self.text(.notFound, "Unknown proxy target in \(path)")
        }
        if case .agent = target, !(rest == "/files" || rest.hasPrefix("/files/")) {
            return Self.text(.forbidden, "Only an agent's /files API is proxied")
        }
        guard let base = await self.resolve(target) else {
            return Self.text(.notFound, "No such \(Self.kind(of: target)) known to this master")
        }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            return Self.text(.badGateway, "The \(Self.kind(of: target)) advertises no web UI URL")
        }
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        let body = try await request.body.collect(upTo: self.maxRequestBytes)
        let outgoing = Outgoing(
            method: request.method, url: trimmedBase + rest + query, contentType: request.headers[.contentType],
            accept: request.headers[.accept], body: body)
        do {
            return Self.response(try await self.forward(outgoing))
        } catch {
            return Self.text(.badGateway, "The \(Self.kind(of: target)) did not answer: \(error)")
        }
    }

    /// Splits `/ui/proxy/<kind>/<id><rest>` into the target and `<rest>` (starting with `/`).
    static func parse(path: String) -> (Target, String)? {
        guard path.hasPrefix(Self.prefix + "/") else { return nil }
        let parts = path.dropFirst(Self.prefix.count + 1).split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[1].isEmpty else { return nil }
        let id = String(parts[1]).removingPercentEncodingIfPossible
        let rest = parts.count == 3 ? "/" + parts[2] : "/"
        switch parts[0] {
        case "framework": return (.framework(id), rest)
        case "agent": return (.agent(id), rest)
        default: return nil
        }
    }

    private static func kind(of target: Target) -> String {
        switch target {
        case .framework: "framework"
        case .agent: "agent"
        }
    }

    private static func response(_ incoming: Incoming) -> Response {
        var headers = HTTPFields()
        for (name, value) in incoming.headers { headers.append(HTTPField(name: name, value: value)) }
        return Response(status: .init(code: incoming.status), headers: headers, body: ResponseBody(byteBuffer: incoming.body))
    }

    private static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

extension String {
    /// Percent-decoded when it decodes, as is otherwise (IDs rarely need encoding).
    fileprivate var removingPercentEncodingIfPossible: String {
        guard self.contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = self.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return self }
            bytes.append(value)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
