import AgoraHTTP
import AgoraPosix
import AgoraProto
import CommandExecutor
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What a session has not seen acknowledged: tasks launched without an acknowledged
/// update, and updates. Re-subscriptions resend both (the executor API's contract).
final class SessionLedger: Sendable {
    private struct State {
        var tasks: [(id: String, info: Agora_V1_TaskInfo)] = []
        var updates: [(uuid: [UInt8], status: Agora_V1_TaskStatus)] = []
    }

    private let state = Mutex(State())

    func launched(_ task: Agora_V1_TaskInfo) {
        self.state.withLock { $0.tasks.append((task.taskID.value, task)) }
    }

    func sending(_ status: Agora_V1_TaskStatus) {
        self.state.withLock { $0.updates.append((Array(status.uuid), status)) }
    }

    /// The agent holds the update: neither it nor its task is resent any more.
    func acknowledged(taskID: String, uuid: [UInt8]) {
        self.state.withLock { state in
            state.updates.removeAll { $0.uuid == uuid }
            state.tasks.removeAll { $0.id == taskID }
        }
    }

    /// Notes what an event means for the ledger.
    func observe(_ event: ExecutorSession.Event) {
        switch event.type {
        case .launch: self.launched(event.launch.task)
        case .launchGroup: for task in event.launchGroup.taskGroup.tasks { self.launched(task) }
        case .acknowledged: self.acknowledged(taskID: event.acknowledged.taskID.value, uuid: Array(event.acknowledged.uuid))
        default: break
        }
    }

    var unacknowledgedTasks: [Agora_V1_TaskInfo] { self.state.withLock { $0.tasks.map(\.info) } }
    var unacknowledgedUpdates: [Agora_V1_TaskStatus] { self.state.withLock { $0.updates.map(\.status) } }
}

/// Reads the SUBSCRIBE response stream on its own thread, re-subscribing after a break
/// when the executor checkpoints.
enum EventStreamReader {
    static let path = "/api/v1/executor"
    static let contentType = MessageEncoding.protobuf.rawValue

    static func open(
        environment: ExecutorEnvironment, ledger: SessionLedger, body: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> AsyncThrowingStream<ExecutorSession.Event, any Error> {
        try await withCheckedThrowingContinuation { opened in
            DetachedThread.start {
                let connection: HTTPConnection
                do {
                    connection = try Self.connect(environment.agentEndpoint, body: try body(), bearer: environment.authenticationToken)
                } catch {
                    opened.resume(throwing: error)
                    return
                }
                let (events, continuation) = AsyncThrowingStream<ExecutorSession.Event, any Error>.makeStream()
                opened.resume(returning: events)
                Self.run(connection, environment: environment, ledger: ledger, body: body, into: continuation)
            }
        }
    }

    /// Posts SUBSCRIBE (with the agent's executor token, if it gave one) and reads the
    /// response head; fails unless the agent answers 200.
    static func connect(_ endpoint: String, body: [UInt8], bearer: String?) throws -> HTTPConnection {
        let connection = try HTTPConnection(endpoint: endpoint, receiveTimeoutSeconds: 10)
        try connection.post(path: Self.path, contentType: Self.contentType, body: body, bearer: bearer)
        let head = try connection.readHead()
        guard head.status == 200 else {
            let message: String
            do { message = String(decoding: try connection.readBody(head), as: UTF8.self) } catch { message = "(unreadable: \(error))" }
            throw ExecutorCallError(status: head.status, message: message)
        }
        connection.clearReceiveTimeout()
        return connection
    }

    private static func run(
        _ first: HTTPConnection, environment: ExecutorEnvironment, ledger: SessionLedger,
        body: @escaping @Sendable () throws -> [UInt8], into continuation: AsyncThrowingStream<ExecutorSession.Event, any Error>.Continuation
    ) {
        var connection = first
        while true {
            let error = Self.pump(connection, ledger: ledger, into: continuation)
            guard environment.checkpoint, let next = Self.resubscribe(environment: environment, body: body) else {
                continuation.finish(throwing: error)
                return
            }
            connection = next
        }
    }

    /// Tries to subscribe again with backoff until the recovery timeout; nil if it never could.
    private static func resubscribe(environment: ExecutorEnvironment, body: @Sendable () throws -> [UInt8]) -> HTTPConnection? {
        let deadline = ContinuousClock.now + .nanoseconds(environment.recoveryTimeoutNanoseconds)
        var pause: Duration = .milliseconds(50)
        let longest: Duration = .nanoseconds(environment.subscriptionBackoffMaxNanoseconds)
        while ContinuousClock.now < deadline {
            let (seconds, attoseconds) = pause.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            do {
                return try Self.connect(environment.agentEndpoint, body: try body(), bearer: environment.authenticationToken)
            } catch {
                pause = min(pause * 2, longest)
            }
        }
        return nil
    }

    /// Yields events until the stream breaks; returns why it broke.
    private static func pump(
        _ connection: HTTPConnection, ledger: SessionLedger, into continuation: AsyncThrowingStream<ExecutorSession.Event, any Error>.Continuation
    ) -> any Error {
        var decoder = RecordIODecoder()
        do {
            var chunks = ChunkedDecoder()
            var body = try connection.takeChunked(&chunks)
            while true {
                for record in try decoder.decode(body) {
                    let event = try MessageCodec.decode(ExecutorSession.Event.self, from: record, encoding: .protobuf)
                    ledger.observe(event)
                    continuation.yield(event)
                }
                body = try connection.receiveChunked(&chunks)
            }
        } catch {
            return error
        }
    }
}
