import AgentCore
import AgoraHTTP
import AgoraHTTPClient
import AgoraModel
import AgoraWire
import Foundation

extension AgentShell {
    /// The master sends something at least every heartbeat interval.
    func masterSilentTooLong() -> Bool {
        self.clock.now - self.lastMasterEvent > self.heartbeatInterval * 3
    }

    /// The SUBSCRIBE call for (re-)registering with the master.
    func subscribeCall() -> AgentCallMessage {
        AgentWire.subscribeCall(agent: self.core.agent, report: self.core.report, version: AgentVersion.api)
    }

    /// The host of the master the agent is registered with (for `/state`); nil while the
    /// agent has no master stream.
    var masterHostname: String? {
        guard let url = self.masterURL, let start = url.range(of: "://") else { return nil }
        let rest = url[start.upperBound...]
        return String(rest.prefix { $0 != ":" && $0 != "/" })
    }

    var isRegistered: Bool { self.core.link != .disconnected }

    func masterStreamOpened(streamID: String?, url: String) {
        self.masterStreamID = streamID
        self.masterURL = url
        self.lastMasterEvent = self.clock.now
    }

    func masterStreamClosed() {
        self.masterStreamID = nil
        self.masterURL = nil
        self.core.masterDisconnected()
    }

    func handleMasterEvent(_ event: AgentEventMessage) {
        self.lastMasterEvent = self.clock.now
        let now = self.now
        switch event.type {
        case .subscribed:
            let interval = Duration.seconds(fractional: event.subscribed.heartbeatIntervalSeconds)
            self.heartbeatInterval = max(interval, .milliseconds(100))
            self.logger.info("registered with master", metadata: ["agent.id": "\(event.subscribed.agentID.value)"])
            self.apply(self.core.registered(as: AgentID(event.subscribed.agentID.value), heartbeatInterval: interval, now: now))
        case .runTasks:
            self.runTasks(event.runTasks, now: now)
        case .killTask:
            let kill = event.killTask
            let grace: Duration? = kill.killPolicy.hasGracePeriod ? .nanoseconds(kill.killPolicy.gracePeriod.nanoseconds) : nil
            self.apply(self.core.killTask(TaskID(kill.taskID.value), of: FrameworkID(kill.frameworkID.value), killGracePeriod: grace, now: now))
        case .shutdownExecutor:
            let shutdown = event.shutdownExecutor
            self.apply(self.core.shutdownExecutor(ExecutorID(shutdown.executorID.value), of: FrameworkID(shutdown.frameworkID.value), now: now))
        case .shutdownFramework:
            self.apply(self.core.shutdownFramework(FrameworkID(event.shutdownFramework.frameworkID.value), now: now))
        case .acknowledge:
            let ack = event.acknowledge
            self.apply(self.core.acknowledge(TaskID(ack.taskID.value), uuid: Array(ack.uuid), of: FrameworkID(ack.frameworkID.value), now: now))
        case .message:
            let message = event.message
            self.apply(self.core.frameworkMessage(Array(message.data), to: ExecutorID(message.executorID.value), of: FrameworkID(message.frameworkID.value)))
        case .error:
            self.logger.warning("master refused the agent", metadata: ["error": "\(event.error.message)"])
        case .heartbeat, .unknown:
            break
        }
    }

    /// RUN_TASKS: tasks the agent cannot read fail with the reason (they would otherwise
    /// stay STAGING on the master forever); the rest launch.
    private func runTasks(_ run: AgentEventMessage.RunTasks, now: MonotonicInstant) {
        let decoded = AgentWire.runTasks(run)
        guard let frameworkID = decoded.framework.id else {
            self.logger.error("RUN_TASKS without a framework ID; cannot launch or report its tasks",
                              metadata: ["tasks": "\(run.tasks.map(\.taskID.value))"])
            return
        }
        for rejected in decoded.rejected {
            self.logger.error("cannot read a task from RUN_TASKS", metadata: ["task.id": "\(rejected.taskID)", "error": "\(rejected.message)"])
            self.apply(self.core.rejectTasks([rejected.taskID], of: frameworkID, message: rejected.message, now: now))
        }
        guard !decoded.tasks.isEmpty else { return }
        self.apply(self.core.runTasks(framework: decoded.framework, executor: decoded.executor, tasks: decoded.tasks, isGroup: run.taskGroup, now: now))
    }

    // MARK: - Outbox transport

    /// Delivers one outbox call and reports the outcome back to the core (which retries
    /// failures and sends the next call of the lane).
    func send(_ call: OutboundCall) {
        guard let agentID = self.core.agentID, let streamID = self.masterStreamID, let url = self.masterURL else {
            self.apply(self.core.masterCallFinished(call.id, .failed("no open master stream"), now: self.now))
            return
        }
        let message = AgentWire.call(call.message, agentID: agentID)
        let client = self.client
        Task { [weak self] in
            let outcome: DeliveryOutcome
            do {
                try await client.call(message, to: url, streamID: streamID)
                outcome = .delivered
            } catch let error as V1CallError {
                outcome = Self.outcome(of: error)
            } catch let error as MessageEncodingError {
                outcome = .rejected(error.description)
            } catch {
                outcome = .failed("\(error)")
            }
            await self?.masterCallFinished(call, outcome)
        }
    }

    private func masterCallFinished(_ call: OutboundCall, _ outcome: DeliveryOutcome) {
        switch outcome {
        case .delivered: break
        case .failed(let why):
            self.logger.warning("call to the master failed; will retry", metadata: ["call": "\(call.message.kind)", "error": "\(why)"])
        case .rejected(let why):
            self.logger.error("the master refused a call for good; dropping it", metadata: ["call": "\(call.message.kind)", "error": "\(why)"])
        }
        self.apply(self.core.masterCallFinished(call.id, outcome, now: self.now))
    }

    /// 400s that name the agent's stream or registration are transient (the agent is
    /// re-registering); other 400s mean the call itself is bad. 403/5xx are transient.
    nonisolated static func outcome(of error: V1CallError) -> DeliveryOutcome {
        let transient = ["Agent cannot be found", "The stream ID does not match", "Agent is not subscribed"]
        if error.status == 400 && !transient.contains(where: { error.message.contains($0) }) {
            return .rejected(error.description)
        }
        return .failed(error.description)
    }
}

extension AgentToMaster {
    /// The call's type, for logs.
    var kind: String {
        switch self {
        case .update(let update): "UPDATE \(update.status.taskID) \(update.status.state.name)"
        case .executorExited(_, let executorID, _): "EXECUTOR_EXITED \(executorID)"
        case .message(_, let executorID, _): "MESSAGE from \(executorID)"
        case .heartbeat: "HEARTBEAT"
        }
    }
}
