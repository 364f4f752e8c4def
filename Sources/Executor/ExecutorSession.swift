@_exported import CommandExecutor
import AgoraHTTP
import AgoraPosix
import AgoraProto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch

/// An executor's connection to its agent over the v1 executor API: subscribe, then send
/// status updates and messages. This is the library a custom Swift executor uses; it shares
/// the built-in command executor's small HTTP client and speaks protobuf over plain
/// blocking sockets (one thread reads the event stream, one serial queue sends calls), so
/// an executor process starts fast and stays small.
public actor ExecutorSession {
    public typealias Event = Agora_V1_Executor_Event
    public typealias Call = Agora_V1_Executor_Call

    public let environment: ExecutorEnvironment
    private let calls: CallChannel

    public init(environment: ExecutorEnvironment) {
        self.environment = environment
        self.calls = CallChannel(endpoint: environment.agentEndpoint)
    }

    /// Subscribes and returns the agent's events (SUBSCRIBED first).
    public func subscribe(
        unacknowledgedTasks: [Agora_V1_TaskInfo] = [], unacknowledgedUpdates: [Agora_V1_TaskStatus] = []
    ) async throws -> AsyncThrowingStream<Event, any Error> {
        var call = self.call(.subscribe)
        call.subscribe.unacknowledgedTasks = unacknowledgedTasks
        call.subscribe.unacknowledgedUpdates = unacknowledgedUpdates.map { status in Call.Update.with { $0.status = status } }
        return try await EventStreamReader.open(endpoint: self.environment.agentEndpoint, body: MessageCodec.encode(call, encoding: .protobuf))
    }

    /// A fresh 16-byte update UUID.
    public nonisolated static func newUUID() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Sends a status update with `uuid` (fresh by default), filling in the source, the
    /// executor ID and the timestamp. Returns the UUID to match the agent's ACKNOWLEDGED
    /// against; pass your own to record it before the agent can answer.
    @discardableResult
    public func update(_ status: Agora_V1_TaskStatus, uuid: Data = ExecutorSession.newUUID()) async throws -> Data {
        var status = status
        status.uuid = uuid
        status.source = .executor
        status.executorID.value = self.environment.executorID
        if !status.hasTimestamp { status.timestamp = Date().timeIntervalSince1970 }
        var call = self.call(.update)
        call.update.status = status
        try await self.calls.post(MessageCodec.encode(call, encoding: .protobuf))
        return uuid
    }

    /// Sends a framework message to the scheduler.
    public func message(_ data: Data) async throws {
        var call = self.call(.message)
        call.message.data = data
        try await self.calls.post(MessageCodec.encode(call, encoding: .protobuf))
    }

    private func call(_ type: Call.TypeEnum) -> Call {
        var call = Call()
        call.type = type
        call.executorID.value = self.environment.executorID
        call.frameworkID.value = self.environment.frameworkID
        return call
    }
}

/// A call the agent refused, with its status code and explanation.
public struct ExecutorCallError: Error, CustomStringConvertible {
    public let status: Int
    public let message: String
    public var description: String { "HTTP \(self.status): \(self.message)" }
}

/// Reads the SUBSCRIBE response stream on its own thread.
enum EventStreamReader {
    static let path = "/api/v1/executor"
    static let contentType = MessageEncoding.protobuf.rawValue

    static func open(endpoint: String, body: [UInt8]) async throws -> AsyncThrowingStream<ExecutorSession.Event, any Error> {
        try await withCheckedThrowingContinuation { opened in
            DetachedThread.start {
                let connection: HTTPConnection
                do {
                    connection = try HTTPConnection(endpoint: endpoint)
                    try connection.post(path: Self.path, contentType: Self.contentType, body: body)
                    let head = try connection.readHead()
                    guard head.status == 200 else {
                        let message = String(decoding: (try? connection.readBody(head)) ?? [], as: UTF8.self)
                        throw ExecutorCallError(status: head.status, message: message)
                    }
                } catch {
                    opened.resume(throwing: error)
                    return
                }
                let (events, continuation) = AsyncThrowingStream<ExecutorSession.Event, any Error>.makeStream()
                opened.resume(returning: events)
                Self.pump(connection, into: continuation)
            }
        }
    }

    private static func pump(_ connection: HTTPConnection, into continuation: AsyncThrowingStream<ExecutorSession.Event, any Error>.Continuation) {
        var decoder = RecordIODecoder()
        do {
            var chunks = ChunkedDecoder()
            var body = try connection.takeChunked(&chunks)
            while true {
                for record in try decoder.decode(body) {
                    continuation.yield(try MessageCodec.decode(ExecutorSession.Event.self, from: record, encoding: .protobuf))
                }
                body = try connection.receiveChunked(&chunks)
            }
        } catch {
            continuation.finish(throwing: error)
        }
    }
}

/// Sends calls one at a time over a kept-alive connection, on a serial queue.
final class CallChannel: @unchecked Sendable {
    // `connection` is only touched on `queue`.
    private let endpoint: String
    private let queue = DispatchQueue(label: "agora.executor.calls")
    private var connection: HTTPConnection?

    init(endpoint: String) { self.endpoint = endpoint }

    func post(_ body: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            self.queue.async {
                do {
                    try self.send(body)
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
        }
    }

    /// One attempt on the kept-alive connection; a second on a fresh one if that broke.
    private func send(_ body: [UInt8]) throws {
        for attempt in 0..<2 {
            do {
                let connection = try self.connection ?? HTTPConnection(endpoint: self.endpoint)
                self.connection = connection
                try connection.post(path: EventStreamReader.path, contentType: EventStreamReader.contentType, body: body)
                let head = try connection.readHead()
                let response = try connection.readBody(head)
                if head.headers["connection"]?.lowercased() == "close" { self.connection = nil }
                guard head.status == 200 || head.status == 202 else {
                    throw ExecutorCallError(status: head.status, message: String(decoding: response, as: UTF8.self))
                }
                return
            } catch let error as HTTPError {
                self.connection = nil
                if attempt == 1 { throw error }
            }
        }
    }
}
