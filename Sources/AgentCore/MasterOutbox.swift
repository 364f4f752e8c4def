import AgoraModel

/// An agent→master call the shell must deliver, numbered in the order it was posted.
public struct OutboundCall: Hashable, Sendable {
    public var id: UInt64
    public var message: AgentToMaster

    public init(id: UInt64, message: AgentToMaster) {
        self.id = id
        self.message = message
    }
}

/// How the shell's attempt to deliver an `OutboundCall` ended.
public enum DeliveryOutcome: Hashable, Sendable {
    /// The master answered 2xx: the call took effect.
    case delivered
    /// The call may not have arrived (transport error, timeout, a stale stream, a master
    /// that is not leading): it is tried again.
    case failed(String)
    /// The master refused the call and would refuse it again (it cannot be read): it is
    /// dropped. The shell logs why.
    case rejected(String)
}

/// The agent's ordered outbox to the master. Every call waits here until the master took
/// it (`delivered`), however long the master is away and however often delivery fails.
///
/// Calls travel in lanes: one per task (its status updates), one per executor (its exit
/// and its framework messages) and one for heartbeats. Within a lane only the oldest call
/// is in flight, so calls arrive in the order they were posted; lanes are independent, so
/// a slow or failing call holds up only calls that must come after it. A failed call is
/// retried with backoff while the agent stays registered, and at once after it registers
/// again. Delivery is at least once: a call whose answer was lost is sent again.
struct MasterOutbox: Sendable {
    enum Lane: Hashable, Sendable, Comparable {
        case heartbeat
        case executor(FrameworkID, ExecutorID)
        case task(FrameworkID, TaskID)

        var frameworkID: FrameworkID? {
            switch self {
            case .heartbeat: nil
            case .executor(let id, _), .task(let id, _): id
            }
        }
    }

    private struct Queue: Sendable {
        var calls: [OutboundCall] = []
        var inFlight = false
        var retryAt: MonotonicInstant?
        var backoff: Duration
    }

    private var queues: [Lane: Queue] = [:]
    private var nextID: UInt64 = 1
    let retryMin: Duration
    let retryMax: Duration

    init(retryMin: Duration = .milliseconds(100), retryMax: Duration = .seconds(5)) {
        self.retryMin = retryMin
        self.retryMax = retryMax
    }

    /// Calls waiting, in flight or not.
    var count: Int { self.queues.values.reduce(0) { $0 + $1.calls.count } }

    /// Every waiting call, lane by lane, oldest first (for inspection and tests).
    var waiting: [OutboundCall] { self.queues.keys.sorted().flatMap { self.queues[$0]!.calls } }

    /// Posts a call; returns what to send now (its lane's head, when the lane was idle).
    /// A status update already in its lane (the stream's retry of it) replaces that copy's
    /// content — it may carry a newer `latest_state` — instead of queueing a duplicate; a
    /// heartbeat is skipped when one is waiting.
    mutating func post(_ message: AgentToMaster, now: MonotonicInstant, canSend: Bool) -> [OutboundCall] {
        let lane = Self.lane(of: message)
        var queue = self.queues[lane] ?? Queue(backoff: self.retryMin)
        if let index = queue.calls.firstIndex(where: { Self.isSameCall($0.message, message) }) {
            // A retry of a copy in flight would only duplicate it; its next attempt, if
            // any, carries the newer content.
            queue.calls[index].message = message
            self.queues[lane] = queue
            return []
        }
        queue.calls.append(OutboundCall(id: self.nextID, message: message))
        self.nextID += 1
        self.queues[lane] = queue
        return canSend ? self.sendHead(of: lane) : []
    }

    /// The shell's report on a call. Delivered or rejected calls leave their lane and the
    /// next one goes; failed ones are retried after a backoff.
    mutating func finished(_ id: UInt64, _ outcome: DeliveryOutcome, now: MonotonicInstant, canSend: Bool) -> [OutboundCall] {
        guard let lane = self.queues.first(where: { $0.value.calls.contains { $0.id == id } })?.key,
            var queue = self.queues[lane]
        else { return [] }
        switch outcome {
        case .delivered, .rejected:
            queue.calls.removeAll { $0.id == id }
            queue.inFlight = false
            queue.backoff = self.retryMin
            queue.retryAt = nil
            self.queues[lane] = queue.calls.isEmpty ? nil : queue
            return canSend && !queue.calls.isEmpty ? self.sendHead(of: lane) : []
        case .failed:
            // Only the attempt in flight counts; a late answer to an older attempt does not.
            guard queue.inFlight, queue.calls.first?.id == id else { return [] }
            queue.inFlight = false
            queue.retryAt = now + queue.backoff
            queue.backoff = min(queue.backoff * 2, self.retryMax)
            self.queues[lane] = queue
            return []
        }
    }

    /// Heads whose retry is due.
    mutating func due(now: MonotonicInstant) -> [OutboundCall] {
        var calls: [OutboundCall] = []
        for lane in self.queues.keys.sorted() {
            guard let queue = self.queues[lane], !queue.inFlight, let retryAt = queue.retryAt, retryAt <= now else { continue }
            calls += self.sendHead(of: lane)
        }
        return calls
    }

    /// The master link broke: nothing is in flight any more (answers still coming are
    /// ignored unless they report delivery). Status updates leave the outbox: their
    /// streams send every unacknowledged head again, with the newest state, once the agent
    /// is registered, and an older copy must not overtake that.
    mutating func connectionLost() {
        for lane in self.queues.keys {
            if case .task = lane {
                self.queues[lane] = nil
                continue
            }
            self.queues[lane]!.inFlight = false
            self.queues[lane]!.retryAt = nil
        }
    }

    /// Registered again: every lane's head goes at once.
    mutating func connected() -> [OutboundCall] {
        self.queues.keys.sorted().flatMap { lane in
            self.queues[lane]!.backoff = self.retryMin
            return self.queues[lane]!.inFlight ? [] : self.sendHead(of: lane)
        }
    }

    /// Forgets every call of a framework the master removed.
    mutating func drop(frameworkID: FrameworkID) {
        self.queues = self.queues.filter { $0.key.frameworkID != frameworkID }
    }

    private mutating func sendHead(of lane: Lane) -> [OutboundCall] {
        guard var queue = self.queues[lane], let head = queue.calls.first, !queue.inFlight else { return [] }
        queue.inFlight = true
        queue.retryAt = nil
        self.queues[lane] = queue
        return [head]
    }

    static func lane(of message: AgentToMaster) -> Lane {
        switch message {
        case .heartbeat: .heartbeat
        case .update(let update): .task(update.frameworkID, update.status.taskID)
        case .executorExited(let frameworkID, let executorID, _), .message(let frameworkID, let executorID, _):
            .executor(frameworkID, executorID)
        }
    }

    /// Two copies of the same status update (same UUID), or two heartbeats.
    private static func isSameCall(_ a: AgentToMaster, _ b: AgentToMaster) -> Bool {
        switch (a, b) {
        case (.heartbeat, .heartbeat): true
        case (.update(let x), .update(let y)): x.status.uuid == y.status.uuid
        default: false
        }
    }
}
