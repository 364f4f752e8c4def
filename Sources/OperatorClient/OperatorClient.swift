import AgoraHTTP
import AgoraHTTPClient
import AgoraProto
import AsyncHTTPClient
import Coordination
import Foundation
import SwiftProtobuf

/// The v1 operator API of the leading master, typed. Finds the master from a location
/// (`host:port`, `http://host:port`, `zk://hosts/path` — following the leader — or
/// `file:///path`), `AGORA_MASTER`, or `127.0.0.1:5050`; follows 307 redirects from
/// standby masters. Call `shutdown()` when done.
public final class OperatorClient: Sendable {
    /// Where the client looks for the master.
    public let location: MasterLocation
    /// The wire encoding of calls and answers (protobuf unless told otherwise).
    public let encoding: MessageEncoding
    /// How long to wait for a leading master to be known.
    public let detectionTimeout: Duration
    /// How long one call may take.
    public let callTimeout: Duration
    let client: V1Client
    private let detector: MasterDetector
    /// The HTTP client this operator client made (and shuts down), when none was given.
    private let ownHTTP: HTTPClient?

    /// The master used when neither an argument nor `AGORA_MASTER` names one.
    public static let defaultMaster = "127.0.0.1:5050"

    /// - Parameters:
    ///   - master: the master location; nil reads `AGORA_MASTER` from `environment`, then
    ///     falls back to `defaultMaster`.
    ///   - http: the HTTP client to use; by default the operator client makes one that fails
    ///     at once when a master refuses the connection (rather than retrying until the
    ///     call's deadline), and shuts it down in `shutdown()`.
    public init(
        master: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        encoding: MessageEncoding = .protobuf, detectionTimeout: Duration = .seconds(10), callTimeout: Duration = .seconds(30),
        http: HTTPClient? = nil
    ) throws(MasterLocationError) {
        let text = master ?? environment["AGORA_MASTER"] ?? Self.defaultMaster
        self.location = try MasterLocation.parse(text)
        self.encoding = encoding
        self.detectionTimeout = detectionTimeout
        self.callTimeout = callTimeout
        self.ownHTTP = http == nil ? Self.makeHTTPClient() : nil
        self.client = V1Client(http: http ?? self.ownHTTP!, encoding: encoding)
        self.detector = MasterDetector(location: self.location)
    }

    /// An HTTP client that fails at once when a server refuses the connection (rather than
    /// retrying until the call's deadline), as operator tools want; the caller shuts it down.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration.agora()  // TLS as LIBPROCESS_SSL_* says
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Stops following the leader (zk:// locations) and closes the client's connections.
    public func shutdown() async {
        await self.detector.stop()
        guard let http = self.ownHTTP else { return }
        do {
            try await http.shutdown()
        } catch {
            // Shutting down twice is the only failure, and harmless: the client is closed.
            assert(error is HTTPClientError, "\(error)")
        }
    }

    /// The leading master's base URL, `http://host:port`.
    public func masterURL() async throws(OperatorClientError) -> String {
        do {
            return try await self.detector.currentLeader(within: self.detectionTimeout)
        } catch {
            throw OperatorClientError(kind: .unavailable, message: error.description)
        }
    }

    /// Sends `call`; returns the response message, or nil for calls answered with an empty
    /// 200 (changes) or 202.
    @discardableResult
    public func call(_ call: Agora_V1_Master_Call) async throws(OperatorClientError) -> Agora_V1_Master_Response? {
        let url = try await self.masterURL() + "/api/v1"
        let body: [UInt8]
        do {
            body = try await self.client.call(call, to: url, timeout: self.callTimeout).body
        } catch let error as V1CallError {
            throw OperatorClientError(error)
        } catch {
            throw OperatorClientError(kind: .transport, message: "cannot reach the master at \(url): \(error)")
        }
        guard !body.isEmpty else { return nil }
        do {
            return try MessageCodec.decode(Agora_V1_Master_Response.self, from: body, encoding: self.encoding)
        } catch {
            throw OperatorClientError(kind: .unexpected, message: "the master's answer does not parse: \(error.message)")
        }
    }

    /// A call of `type` without parameters that must be answered with a response.
    func read(_ type: Agora_V1_Master_Call.TypeEnum) async throws(OperatorClientError) -> Agora_V1_Master_Response {
        guard let response = try await self.call(Agora_V1_Master_Call.with { $0.type = type }) else {
            throw OperatorClientError(kind: .unexpected, message: "the master answered \(type) with an empty body")
        }
        return response
    }

    /// Follows the master's event stream: SUBSCRIBED with the whole state first, then
    /// changes and heartbeats. Ends when the master closes it; cancel to stop.
    public func subscribe() async throws(OperatorClientError) -> AsyncThrowingStream<Agora_V1_Master_Event, any Error> {
        let url = try await self.masterURL() + "/api/v1"
        do {
            let call = Agora_V1_Master_Call.with { $0.type = .subscribe }
            return try await self.client.subscribe(call, to: url, expecting: Agora_V1_Master_Event.self).events
        } catch let error as V1CallError {
            throw OperatorClientError(error)
        } catch {
            throw OperatorClientError(kind: .transport, message: "cannot reach the master at \(url): \(error)")
        }
    }
}
