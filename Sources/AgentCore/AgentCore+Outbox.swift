import AgoraModel

extension AgentCore {
    /// Posts a call to the master through the outbox; returns what to send now.
    mutating func post(_ message: AgentToMaster, now: MonotonicInstant) -> [AgentDirective] {
        self.outbox.post(message, now: now, canSend: self.isRegistered).map { .sendToMaster($0) }
    }

    /// How the shell's delivery of call `id` went: delivered and rejected calls leave the
    /// outbox (and the next call of their lane goes), failed ones are retried.
    public mutating func masterCallFinished(_ id: UInt64, _ outcome: DeliveryOutcome, now: MonotonicInstant) -> [AgentDirective] {
        self.outbox.finished(id, outcome, now: now, canSend: self.isRegistered).map { .sendToMaster($0) }
    }

    /// Calls waiting for the master, oldest first in each lane (for `/state` and tests).
    public var pendingMasterCalls: [OutboundCall] { self.outbox.waiting }

    /// Retries of failed calls that are due.
    mutating func retryMasterCalls(now: MonotonicInstant) -> [AgentDirective] {
        guard self.isRegistered else { return [] }
        return self.outbox.due(now: now).map { .sendToMaster($0) }
    }
}
