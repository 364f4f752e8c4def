import AgoraHTTP
import AgoraHTTPClient
import Foundation

extension SchedulerDriver {
    /// One subscription to `endpoint`; returns why it ended (stream closed, heartbeats
    /// stopped, or a different master took over).
    func session(_ endpoint: String, leaderVersion: Int) async -> String {
        do {
            // A new leader ends the session at any point, even while still connecting: the
            // HTTP client retries a refused connection until its deadline.
            return try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask { try await self.stream(endpoint) }
                group.addTask {
                    await self.leaders.change(after: leaderVersion)
                    return "a new leading master was detected"
                }
                let reason = try await group.next() ?? "stream ended"
                group.cancelAll()
                return reason
            }
        } catch {
            return "\(error)"
        }
    }

    /// Subscribes and handles events until the stream ends or goes silent.
    private func stream(_ endpoint: String) async throws -> String {
        let stream = try await self.client.subscribe(self.subscribeCall(), to: endpoint, expecting: Mesos.Event.self)
        self.opened(endpoint: endpoint, streamID: stream.streamID)
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                for try await event in stream.events { await self.handle(event) }
                return "the master closed the event stream"
            }
            group.addTask { try await self.watchHeartbeats() }
            let reason = try await group.next() ?? "stream ended"
            group.cancelAll()
            return reason
        }
    }

    private func watchHeartbeats() async throws -> String {
        while true {
            try await Task.sleep(for: .milliseconds(200))
            let limit = self.heartbeatLimit
            if ContinuousClock.now - self.lastEventTime > limit { return "no event for \(limit)" }
        }
    }

    func subscribeCall() -> Mesos.Call {
        var call = Mesos.Call()
        call.type = .subscribe
        call.subscribe.frameworkInfo = self.configuration.framework
        call.subscribe.suppressedRoles = self.configuration.suppressedRoles
        if self.configuration.framework.hasID { call.frameworkID = self.configuration.framework.id }
        return call
    }

    func handle(_ event: Mesos.Event) async {
        self.touch()
        switch event.type {
        case .subscribed: self.subscribed(event.subscribed)
        case .offers: self.publish(.offers(event.offers.offers))
        case .rescind: self.publish(.rescind(OfferID(event.rescind.offerID.value)))
        case .update: self.deliver(event.update.status)
        case .message:
            let message = event.message
            self.publish(.message(agentID: AgentID(message.agentID.value), executorID: ExecutorID(message.executorID.value), data: message.data))
        case .failure:
            let failure = event.failure
            self.publish(.failure(
                agentID: failure.hasAgentID ? AgentID(failure.agentID.value) : nil,
                executorID: failure.hasExecutorID ? ExecutorID(failure.executorID.value) : nil,
                status: failure.hasStatus ? failure.status : nil))
        case .error:
            if event.error.message == "Framework has been removed" { self.markRemoved() }
            self.publish(.error(event.error.message))
        case .heartbeat: self.publish(.heartbeat)
        default: break
        }
    }

    /// Hands the update on; the acknowledgement follows on a task of its own, without holding
    /// up the event stream.
    private func deliver(_ status: Mesos.TaskStatus) {
        self.publish(.update(status))
        if self.configuration.automaticAcknowledgements && status.hasUuid { self.queueAcknowledgement.yield(status) }
    }

    /// Acknowledges queued updates, each as soon as it comes (concurrently: an agent has at
    /// most one unacknowledged update per task in flight, so their order does not matter,
    /// and one at a time would let a burst fall behind the agent's retry). A failed
    /// acknowledgement is logged: the agent resends the update, and it is acknowledged then.
    func acknowledgeAll() async {
        await withDiscardingTaskGroup { group in
            for await status in self.acknowledgements {
                group.addTask {
                    do {
                        try await self.acknowledge(status)
                    } catch SchedulerError.stopped {
                        // Stopping: whoever runs the framework next reconciles.
                    } catch {
                        self.logger.warning("acknowledgement failed; the agent will resend the update", metadata: [
                            "task.id": "\(status.taskID.value)", "error": "\(error)",
                        ])
                    }
                }
            }
        }
    }
}
