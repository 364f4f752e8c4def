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
///
/// With MESOS_CHECKPOINT=1 the session outlives its agent: when the event stream breaks it
/// re-subscribes with backoff (up to MESOS_SUBSCRIPTION_BACKOFF_MAX) until
/// MESOS_RECOVERY_TIMEOUT, resending the tasks and updates the agent never acknowledged;
/// the events continue on the same stream, starting with a new SUBSCRIBED.
public actor ExecutorSession {
    public typealias Event = Agora_V1_Executor_Event
    public typealias Call = Agora_V1_Executor_Call

    public let environment: ExecutorEnvironment
    private let calls: CallChannel
    let ledger = SessionLedger()

    public init(environment: ExecutorEnvironment) {
        self.environment = environment
        self.calls = CallChannel(endpoint: environment.agentEndpoint, bearer: environment.authenticationToken)
    }

    /// Subscribes and returns the agent's events (SUBSCRIBED first). Throws when the first
    /// subscription fails; later breaks end the stream with the error unless the session
    /// re-subscribes (checkpointing).
    public func subscribe(
        unacknowledgedTasks: [Agora_V1_TaskInfo] = [], unacknowledgedUpdates: [Agora_V1_TaskStatus] = []
    ) async throws -> AsyncThrowingStream<Event, any Error> {
        for task in unacknowledgedTasks { self.ledger.launched(task) }
        for status in unacknowledgedUpdates { self.ledger.sending(status) }
        let environment = self.environment
        let ledger = self.ledger
        let body: @Sendable () throws -> [UInt8] = {
            var call = Self.call(.subscribe, environment)
            call.subscribe.unacknowledgedTasks = ledger.unacknowledgedTasks
            call.subscribe.unacknowledgedUpdates = ledger.unacknowledgedUpdates.map { status in Call.Update.with { $0.status = status } }
            return try MessageCodec.encoded(call, encoding: .protobuf)
        }
        return try await EventStreamReader.open(environment: environment, ledger: ledger, body: body)
    }

    /// A fresh 16-byte update UUID.
    public nonisolated static func newUUID() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Sends a status update with `uuid` (fresh by default), filling in the source, the
    /// executor ID and the timestamp. Returns the UUID to match the agent's ACKNOWLEDGED
    /// against. The update is kept until the agent acknowledges it: a checkpointing
    /// session that cannot reach its agent now sends it with its next SUBSCRIBE instead of
    /// failing.
    @discardableResult
    public func update(_ status: Agora_V1_TaskStatus, uuid: Data = ExecutorSession.newUUID()) async throws -> Data {
        var status = status
        status.uuid = uuid
        status.source = .executor
        status.executorID.value = self.environment.executorID
        if !status.hasTimestamp { status.timestamp = Date().timeIntervalSince1970 }
        var call = Self.call(.update, self.environment)
        call.update.status = status
        self.ledger.sending(status)
        do {
            try await self.calls.post(try MessageCodec.encoded(call, encoding: .protobuf))
        } catch is HTTPError where self.environment.checkpoint {
            // The agent is away; the update goes with the re-subscription.
        }
        return uuid
    }

    /// Sends a framework message to the scheduler.
    public func message(_ data: Data) async throws {
        var call = Self.call(.message, self.environment)
        call.message.data = data
        try await self.calls.post(try MessageCodec.encoded(call, encoding: .protobuf))
    }

    static func call(_ type: Call.TypeEnum, _ environment: ExecutorEnvironment) -> Call {
        var call = Call()
        call.type = type
        call.executorID.value = environment.executorID
        call.frameworkID.value = environment.frameworkID
        return call
    }
}

/// A call the agent refused, with its status code and explanation.
public struct ExecutorCallError: Error, CustomStringConvertible {
    public let status: Int
    public let message: String
    public var description: String { "HTTP \(self.status): \(self.message)" }
}

/// Sends calls one at a time over a kept-alive connection, on a serial queue.
final class CallChannel: @unchecked Sendable {
    // `connection` is only touched on `queue`.
    private let endpoint: String
    /// The agent's executor token, sent on every call.
    private let bearer: String?
    private let queue = DispatchQueue(label: "agora.executor.calls")
    private var connection: HTTPConnection?

    init(endpoint: String, bearer: String?) {
        self.endpoint = endpoint
        self.bearer = bearer
    }

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
                let connection = try self.connection ?? HTTPConnection(endpoint: self.endpoint, receiveTimeoutSeconds: 10)
                self.connection = connection
                try connection.post(path: EventStreamReader.path, contentType: EventStreamReader.contentType, body: body, bearer: self.bearer)
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
