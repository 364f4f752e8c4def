import AgoraPosix
import AgoraRecordIO

#if canImport(Glibc)
import Glibc
#endif

extension CommandExecutor {
    /// Seconds a blocking read from the agent may wait before the agent counts as gone.
    static let receiveTimeoutSeconds = 10

    /// Opens the event stream: SUBSCRIBE, with what the agent never acknowledged.
    func subscribe() throws {
        let connection = try HTTPConnection(endpoint: self.environment.agentEndpoint, receiveTimeoutSeconds: Self.receiveTimeoutSeconds)
        let tasks = self.order.filter { !self.acknowledgedTasks.contains($0) }.compactMap { self.tasks[$0]?.launch.info }
        let body = ExecutorCalls.subscribe(self.environment, unacknowledgedTasks: tasks, unacknowledgedUpdates: self.unacknowledged.map(\.status))
        try connection.post(path: Self.apiPath, contentType: Self.contentType, body: body, bearer: self.environment.authenticationToken)
        let head = try connection.readHead()
        guard head.status == 200 else {
            let body: String
            do { body = String(decoding: try connection.readBody(head), as: UTF8.self) } catch { body = "(unreadable: \(error))" }
            throw HTTPError("the agent refused the subscription (HTTP \(head.status)): \(body)")
        }
        self.stream = connection
        self.chunks = ChunkedDecoder()
        self.records = RecordIODecoder()
        self.disconnectedAt = nil
        self.nextSubscription = nil
        self.subscriptionBackoff = Self.firstResubscribeDelayNanoseconds
        // Events that arrived together with the response head are already buffered.
        try self.handle(records: try connection.takeChunked(&self.chunks))
    }

    /// The stream is readable: handle what came.
    func receiveEvents() {
        guard let stream = self.stream else { return }
        do {
            try self.handle(records: try stream.receiveChunked(&self.chunks))
        } catch {
            self.agentLost(error)
        }
    }

    private func handle(records body: [UInt8]) throws {
        for record in try self.records.decode(body) { self.handle(try AgentEvent.decode(record)) }
    }

    /// The agent's stream or a call broke. A checkpointing executor keeps its tasks and
    /// re-subscribes; any other kills them and exits.
    func agentLost(_ error: any Error) {
        self.stream = nil
        self.calls = nil
        guard self.environment.checkpoint else {
            self.abandonTasks("lost the agent: \(error)")
            return
        }
        guard self.disconnectedAt == nil else { return }
        StandardError.write("agora executor: lost the agent (\(error)); re-subscribing\n")
        self.disconnectedAt = Clock.now
        self.nextSubscription = Clock.now + self.subscriptionBackoff
    }

    /// While the agent is away: try again when due; give up after the recovery timeout.
    func checkReconnection(now: Int64) {
        guard let since = self.disconnectedAt, let due = self.nextSubscription, due <= now else { return }
        if now - since > self.environment.recoveryTimeoutNanoseconds {
            self.abandonTasks("the agent did not come back within MESOS_RECOVERY_TIMEOUT")
            return
        }
        do {
            try self.subscribe()
            StandardError.write("agora executor: re-subscribed to the agent\n")
        } catch {
            self.subscriptionBackoff = min(self.subscriptionBackoff * 2, self.environment.subscriptionBackoffMaxNanoseconds)
            self.nextSubscription = Clock.now + self.subscriptionBackoff
        }
    }

    // MARK: - Updates

    /// Sends one update. It stays unacknowledged until the agent says it holds it; if the
    /// agent is away it goes with the next SUBSCRIBE.
    func send(_ taskID: String, _ state: TaskStateCode, message: String? = nil, reason: Int? = nil, healthy: Bool? = nil) {
        var generator = SystemRandomNumberGenerator()
        let uuid = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if state.isTerminal { self.giveUpAt = Clock.now + Self.acknowledgementTimeoutNanoseconds }
        let status = ExecutorCalls.status(
            self.environment, taskID: taskID, state: state, message: message, reason: reason, healthy: healthy, uuid: uuid,
            timestamp: Clock.wall)
        self.unacknowledged.append(PendingUpdate(uuid: uuid, taskID: taskID, status: status))
        guard self.stream != nil else { return }
        do {
            try self.post(ExecutorCalls.update(self.environment, status: status))
        } catch {
            StandardError.write("agora executor: update \(state) of \(taskID) failed: \(error)\n")
            self.agentLost(error)
        }
    }

    /// POSTs over a kept-alive connection, reconnecting once if it broke.
    private func post(_ body: [UInt8]) throws {
        for attempt in 0..<2 {
            do {
                let connection = try self.calls ?? HTTPConnection(endpoint: self.environment.agentEndpoint, receiveTimeoutSeconds: Self.receiveTimeoutSeconds)
                self.calls = connection
                try connection.post(path: Self.apiPath, contentType: Self.contentType, body: body, bearer: self.environment.authenticationToken)
                let head = try connection.readHead()
                let response = try connection.readBody(head)
                if head.headers["connection"]?.lowercased() == "close" { self.calls = nil }
                guard head.status == 200 || head.status == 202 else {
                    throw HTTPError("HTTP \(head.status): \(String(decoding: response, as: UTF8.self))")
                }
                return
            } catch {
                self.calls = nil
                if attempt == 1 { throw error }
            }
        }
    }

    func acknowledged(_ taskID: String, _ uuid: [UInt8]) {
        self.unacknowledged.removeAll { $0.uuid == uuid }
        self.acknowledgedTasks.insert(taskID)
        self.checkDone()
    }
}
