import AgentCore
import AgoraHTTP
import AgoraModel
import AgoraWire

extension AgentShell {
    func executorSubscribe(
        _ call: ExecutorCallMessage, encoding: MessageEncoding
    ) -> (ExecutorCallResult, ConnectionID?, AsyncStream<[UInt8]>?) {
        self.nextConnection += 1
        let connection = ConnectionID(self.nextConnection)
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        self.executorSinks[connection] = Sink(continuation: continuation, encoding: encoding)
        let updates = call.subscribe.unacknowledgedUpdates.map { TaskStatus(proto: $0.status) }
        let (result, directives) = self.core.executorSubscribed(
            ExecutorID(call.executorID.value), of: FrameworkID(call.frameworkID.value), connection: connection,
            unacknowledgedUpdates: updates, now: self.now)
        guard result == .accepted else {
            self.executorSinks[connection] = nil
            continuation.finish()
            return (result, nil, nil)
        }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.executorStreamClosed(connection) }
        }
        self.apply(directives)
        return (result, connection, stream)
    }

    func executorCall(_ call: ExecutorCallMessage) -> ExecutorCallResult {
        let frameworkID = FrameworkID(call.frameworkID.value)
        let executorID = ExecutorID(call.executorID.value)
        let result: ExecutorCallResult
        let directives: [AgentDirective]
        switch call.type {
        case .update:
            let status = TaskStatus(proto: call.update.status)
            if status.state == .failed, let containerID = self.core.executor(frameworkID, executorID)?.containerID {
                self.noteLimitations(containerID)
            }
            (result, directives) = self.core.executorUpdate(status, from: executorID, of: frameworkID, now: self.now)
        case .message:
            (result, directives) = self.core.executorMessage(Array(call.message.data), from: executorID, of: frameworkID, now: self.now)
        default:
            return self.core.checkExecutor(executorID, of: frameworkID)
        }
        self.apply(directives)
        return result
    }

    func executorStreamClosed(_ connection: ConnectionID) {
        guard let sink = self.executorSinks.removeValue(forKey: connection) else { return }
        sink.continuation.finish()
        self.core.executorStreamClosed(connection)
    }

    /// Writes one event on an executor's stream. An event that cannot be encoded is never
    /// sent as an empty record: a launch fails its tasks with the reason; anything else
    /// ends the stream with an ERROR event naming the problem.
    func send(_ event: ExecutorEvent, to connection: ConnectionID) {
        guard let sink = self.executorSinks[connection] else { return }
        let message = AgentWire.executorEvent(event, agent: self.core.agent)
        do {
            sink.continuation.yield(try MessageCodec.checkedRecord(message, encoding: sink.encoding))
        } catch {
            self.logger.error("cannot encode an event for an executor", metadata: ["event": "\(message.type)", "error": "\(error)"])
            switch event {
            case .launch(let task):
                self.apply(self.core.launchUndeliverable([task.taskID], on: connection, message: "\(error)", now: self.now))
            case .launchGroup(let tasks):
                self.apply(self.core.launchUndeliverable(tasks.map(\.taskID), on: connection, message: "\(error)", now: self.now))
            default:
                var refusal = ExecutorEventMessage()
                refusal.type = .error
                refusal.error.message = "The agent cannot encode a \(message.type) event: \(error)"
                do {
                    sink.continuation.yield(try MessageCodec.checkedRecord(refusal, encoding: sink.encoding))
                } catch {
                    self.logger.error("cannot encode the ERROR event either", metadata: ["error": "\(error)"])
                }
                sink.continuation.finish()
            }
        }
    }
}
