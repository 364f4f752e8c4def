import Foundation
import AgoraHTTP
import AgoraTLS
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SwiftProtobuf

/// A failed v1 call: the HTTP status and the body the server explained it with.
public struct V1CallError: Error, CustomStringConvertible, Equatable {
    public let status: Int
    public let message: String
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }
    public var description: String { "HTTP \(self.status): \(self.message)" }
}

/// Client side of the v1 streaming APIs (scheduler, executor, Agora's agent protocol):
/// one long-lived POST whose response is a RecordIO stream of events, and plain POSTs for
/// calls. Follows redirects (307 keeps the method and body). Speaks TLS when the process's
/// `LIBPROCESS_SSL_*` settings say so: `http://` URLs are called as `https://`.
public struct V1Client: Sendable {
    public let http: HTTPClient
    public let encoding: MessageEncoding
    /// Sent as `Authorization` on every call (HTTP Basic with a principal and secret), when set.
    public var authorization: String?

    public init(http: HTTPClient = .agora, encoding: MessageEncoding = .protobuf, authorization: String? = nil) {
        self.http = http
        self.encoding = encoding
        self.authorization = authorization
    }

    /// `Authorization: Basic …` for `principal` and `secret`.
    public static func basicAuthorization(principal: String, secret: String) -> String {
        "Basic " + Data("\(principal):\(secret)".utf8).base64EncodedString()
    }

    /// An open event stream and the stream ID the server assigned (`Mesos-Stream-Id`).
    public struct Subscription<Event: SwiftProtobuf.Message & Sendable>: Sendable {
        public let streamID: String?
        public let events: AsyncThrowingStream<Event, any Error>
    }

    /// POSTs `call` and returns the events of the response stream. Fails with
    /// `V1CallError` unless the server answers 200.
    public func subscribe<Call: SwiftProtobuf.Message, Event: SwiftProtobuf.Message & Sendable>(
        _ call: Call, to url: String, expecting: Event.Type, connectTimeout: Duration = .seconds(10)
    ) async throws -> Subscription<Event> {
        let response = try await self.http.execute(try self.request(call, to: url, headers: [:]), timeout: TimeAmount(connectTimeout))
        guard response.status == .ok else {
            throw V1CallError(status: Int(response.status.code), message: try await Self.text(of: response))
        }
        let streamID = response.headers.first(name: "Mesos-Stream-Id")
        let encoding = response.headers.first(name: "Content-Type").flatMap(MessageEncoding.init(contentType:)) ?? self.encoding
        let (events, continuation) = AsyncThrowingStream<Event, any Error>.makeStream()
        let reader = Task {
            var decoder = RecordIODecoder()
            do {
                for try await chunk in response.body {
                    for record in try decoder.decode(chunk.readableBytesView) {
                        continuation.yield(try MessageCodec.decode(Event.self, from: record, encoding: encoding))
                    }
                }
                try decoder.finish()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return Subscription(streamID: streamID, events: events)
    }

    /// POSTs a call; returns the status code (202 or 200) and body, or throws
    /// `V1CallError` for anything else.
    @discardableResult
    public func call<Call: SwiftProtobuf.Message>(
        _ call: Call, to url: String, streamID: String? = nil, timeout: Duration = .seconds(30)
    ) async throws -> (status: Int, body: [UInt8]) {
        var headers: [String: String] = [:]
        if let streamID { headers["Mesos-Stream-Id"] = streamID }
        let response = try await self.http.execute(try self.request(call, to: url, headers: headers), timeout: TimeAmount(timeout))
        let body = try await response.body.collect(upTo: 64 << 20)
        let status = Int(response.status.code)
        guard status == 200 || status == 202 else {
            throw V1CallError(status: status, message: String(buffer: body))
        }
        return (status, Array(body.readableBytesView))
    }

    /// The POST of `call`; throws `MessageEncodingError` rather than send an empty body.
    private func request<Call: SwiftProtobuf.Message>(_ call: Call, to url: String, headers: [String: String]) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: try ProcessTLS.url(url))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: self.encoding.rawValue)
        request.headers.add(name: "Accept", value: self.encoding.rawValue)
        if let authorization = self.authorization { request.headers.add(name: "Authorization", value: authorization) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: try MessageCodec.encoded(call, encoding: self.encoding)))
        return request
    }

    private static func text(of response: HTTPClientResponse) async throws -> String {
        String(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}

extension HTTPClient {
    /// A shared client that does not follow redirects. Clients that find the leading master in
    /// ZooKeeper use it: a master that answers 307 has just lost or not yet taken office, and
    /// its redirect may point at a master that is gone (the HTTP client would then retry the
    /// refused connection until its deadline); the detector names the leader instead.
    public static let withoutRedirects: HTTPClient = {
        var configuration = HTTPClient.Configuration.agora()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
