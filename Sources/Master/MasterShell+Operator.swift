import AgoraHTTP
import AgoraModel
import MasterCore

/// An operator's SUBSCRIBE stream.
struct OperatorSink {
    var continuation: AsyncStream<[UInt8]>.Continuation
    var encoding: MessageEncoding
    /// Who subscribed, and the ACLs that decide which events reach them (nil: every event).
    var viewer: (principal: String?, authorization: MasterAuthorization)? = nil
}

extension MasterShell {
    /// An operator call that changes the cluster; answers once what it stored is durable.
    /// nil when this master is not leading (or stopped leading meanwhile).
    func operatorCall(_ call: OperatorCall) async -> OperatorResult? {
        guard self.role.isLeading else { return nil }
        let (result, directives) = self.core.handle(operator: call, now: self.now)
        self.logger.info("operator call", metadata: ["call": "\(call)", "result": "\(result)"])
        self.apply(directives)
        return await self.settle() ? result : nil
    }

    /// Agora's EXPLAIN_ALLOCATION, computed on the current state.
    func explainAllocation(role: String?, frameworkID: FrameworkID?, demand: Resources?) -> (AllocationExplanation, OperatorWire, MonotonicInstant)? {
        guard self.role.isLeading else { return nil }
        let now = self.now
        let explanation = self.core.explainAllocation(role: role, frameworkID: frameworkID, demand: demand, now: now)
        return (explanation, self.operatorWire, now)
    }

    var operatorWire: OperatorWire { OperatorWire(core: self.core, apiVersion: self.settings.apiVersion) }

    /// Opens an operator event stream: SUBSCRIBED with the whole state, a HEARTBEAT, then
    /// every change. nil while not leading.
    /// With ACLs, `principal` sees only the frameworks, tasks and executors its view
    /// actions allow, in the first state and in every event after it.
    func subscribeOperator(
        encoding: MessageEncoding, principal: String? = nil, authorization: MasterAuthorization? = nil
    ) -> (ConnectionID, AsyncStream<[UInt8]>)? {
        guard self.role.isLeading else { return nil }
        let connection = self.newConnection()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        continuation.onTermination = { [weak self] _ in
            Task { await self?.operatorStreamClosed(connection) }
        }
        let viewer: (principal: String?, authorization: MasterAuthorization)? = authorization.flatMap {
            $0.isEnforcing ? (principal: principal, authorization: $0) : nil
        }
        self.operatorSinks[connection] = OperatorSink(continuation: continuation, encoding: encoding, viewer: viewer)
        self.core.setPublishesOperatorEvents(true)
        var subscribed = OperatorEventMessage()
        subscribed.type = .subscribed
        let seen = viewer.map { $0.authorization.view(self.core, principal: $0.principal) } ?? self.core
        subscribed.subscribed.getState = OperatorWire(core: seen, apiVersion: self.settings.apiVersion).getState()
        subscribed.subscribed.heartbeatIntervalSeconds = self.settings.core.heartbeatInterval.seconds
        if let record = self.operatorRecord(subscribed, encoding: encoding) { continuation.yield(record) }
        if let record = self.operatorRecord(Self.heartbeat, encoding: encoding) { continuation.yield(record) }
        self.nextOperatorHeartbeat = self.now + self.settings.core.heartbeatInterval
        return (connection, stream)
    }

    func operatorStreamClosed(_ connection: ConnectionID) {
        guard let sink = self.operatorSinks.removeValue(forKey: connection) else { return }
        sink.continuation.finish()
        if self.operatorSinks.isEmpty { self.core.setPublishesOperatorEvents(false) }
    }

    /// Sends `event` to every operator subscriber, encoded once per encoding.
    func publish(_ event: OperatorEvent) {
        guard !self.operatorSinks.isEmpty else { return }
        let message = OperatorEventWriter(wire: self.operatorWire).message(for: event)
        var encoded: [MessageEncoding: [UInt8]] = [:]
        for sink in self.operatorSinks.values {
            if let viewer = sink.viewer, !viewer.authorization.mayView(event, principal: viewer.principal, in: self.core) { continue }
            guard let bytes = encoded[sink.encoding] ?? self.operatorRecord(message, encoding: sink.encoding) else { continue }
            encoded[sink.encoding] = bytes
            sink.continuation.yield(bytes)
        }
    }

    /// HEARTBEAT on operator streams every heartbeat interval (Mesos: 15 s).
    func heartbeatOperators() {
        guard !self.operatorSinks.isEmpty, self.now >= self.nextOperatorHeartbeat else { return }
        self.nextOperatorHeartbeat = self.now + self.settings.core.heartbeatInterval
        for sink in self.operatorSinks.values {
            if let record = self.operatorRecord(Self.heartbeat, encoding: sink.encoding) { sink.continuation.yield(record) }
        }
    }

    /// Ends every operator stream (leadership ended, or shutdown).
    func closeOperatorStreams() {
        for sink in self.operatorSinks.values { sink.continuation.finish() }
        self.operatorSinks = [:]
        self.core.setPublishesOperatorEvents(false)
    }

    private static let heartbeat = OperatorEventMessage.with { $0.type = .heartbeat }

    /// One RecordIO record of `event`; an event that cannot be encoded is a bug, logged and
    /// skipped rather than sent as an empty record.
    private func operatorRecord(_ event: OperatorEventMessage, encoding: MessageEncoding) -> [UInt8]? {
        do {
            let bytes: [UInt8] = switch encoding {
            case .json: try MesosJSON.encode(event)
            case .protobuf: try event.serializedBytes()
            }
            return RecordIO.encode(bytes)
        } catch {
            self.logger.error("cannot encode an operator event", metadata: ["event": "\(event.type)", "error": "\(error)"])
            return nil
        }
    }
}

/// Writes the core's operator events as `master::Event` messages.
struct OperatorEventWriter {
    let wire: OperatorWire

    func message(for event: OperatorEvent) -> OperatorEventMessage {
        var message = OperatorEventMessage()
        switch event {
        case .taskAdded(let task):
            message.type = .taskAdded
            message.taskAdded.task = self.wire.task(task)
        case .taskUpdated(let frameworkID, let status, let state):
            message.type = .taskUpdated
            message.taskUpdated.frameworkID.value = frameworkID.value
            message.taskUpdated.status = status.proto
            message.taskUpdated.state = state.proto
        case .agentAdded(let agent):
            message.type = .agentAdded
            message.agentAdded.agent = self.wire.agent(agent)
        case .agentRemoved(let agentID):
            message.type = .agentRemoved
            message.agentRemoved.agentID.value = agentID.value
        case .frameworkAdded(let framework):
            message.type = .frameworkAdded
            message.frameworkAdded.framework = self.wire.framework(framework, detailed: false)
        case .frameworkUpdated(let framework):
            message.type = .frameworkUpdated
            message.frameworkUpdated.framework = self.wire.framework(framework, detailed: false)
        case .frameworkRemoved(let info):
            message.type = .frameworkRemoved
            message.frameworkRemoved.frameworkInfo = info.proto
        }
        return message
    }
}
