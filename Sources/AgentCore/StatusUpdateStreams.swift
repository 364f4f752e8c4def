import AgoraModel

/// Reliable, ordered status updates, one stream per task (Mesos's status update manager):
/// only the head of a stream is in flight; it is retried with backoff until the framework
/// acknowledges it through the master, and only then is the next one sent.
struct StatusUpdateStreams: Sendable {
    struct Key: Hashable, Sendable {
        var frameworkID: FrameworkID
        var taskID: TaskID
    }

    struct Stream: Sendable {
        var pending: [StatusUpdate] = []
        var sentAt: MonotonicInstant?
        var retryInterval: Duration
    }

    private(set) var streams: [Key: Stream] = [:]
    let retryMin: Duration
    let retryMax: Duration

    init(retryMin: Duration, retryMax: Duration) {
        self.retryMin = retryMin
        self.retryMax = retryMax
    }

    /// Queues an update; returns it (with `latestState`) when it became the head.
    mutating func enqueue(_ update: StatusUpdate, now: MonotonicInstant, canSend: Bool) -> StatusUpdate? {
        let key = Key(frameworkID: update.frameworkID, taskID: update.status.taskID)
        var stream = self.streams[key] ?? Stream(retryInterval: self.retryMin)
        stream.pending.append(update)
        let isHead = stream.pending.count == 1
        if isHead && canSend { stream.sentAt = now }
        self.streams[key] = stream
        return isHead && canSend ? self.head(of: key) : nil
    }

    enum Acknowledgement: Equatable {
        case unknown
        case duplicate
        /// The head was acknowledged; `next` is the new head to send, if any.
        case acknowledged(next: StatusUpdate?, acknowledgedState: TaskState)
    }

    /// Acknowledges the head of a stream when `uuid` matches it.
    mutating func acknowledge(_ key: Key, uuid: [UInt8], now: MonotonicInstant, canSend: Bool) -> Acknowledgement {
        guard var stream = self.streams[key], let head = stream.pending.first else { return .unknown }
        guard head.status.uuid == uuid else { return .duplicate }
        stream.pending.removeFirst()
        stream.retryInterval = self.retryMin
        stream.sentAt = stream.pending.isEmpty || !canSend ? nil : now
        self.streams[key] = stream.pending.isEmpty ? nil : stream
        return .acknowledged(next: stream.pending.isEmpty || !canSend ? nil : self.head(of: key), acknowledgedState: head.status.state)
    }

    /// Heads whose retry is due (and, with `all`, every head), marking them sent.
    mutating func due(now: MonotonicInstant, all: Bool = false) -> [StatusUpdate] {
        var result: [StatusUpdate] = []
        for key in self.streams.keys.sorted(by: { ($0.frameworkID, $0.taskID) < ($1.frameworkID, $1.taskID) }) {
            guard var stream = self.streams[key], !stream.pending.isEmpty else { continue }
            if !all {
                guard let sentAt = stream.sentAt, sentAt + stream.retryInterval <= now else { continue }
                stream.retryInterval = min(stream.retryInterval * 2, self.retryMax)
            }
            stream.sentAt = now
            self.streams[key] = stream
            if let head = self.head(of: key) { result.append(head) }
        }
        return result
    }

    /// Unacknowledged updates of a task, oldest first.
    func pending(_ key: Key) -> [StatusUpdate] { self.streams[key]?.pending ?? [] }

    /// The head, stamped with the newest state the stream knows.
    private func head(of key: Key) -> StatusUpdate? {
        guard let stream = self.streams[key], var head = stream.pending.first else { return nil }
        head.latestState = stream.pending.last?.status.state
        return head
    }

    /// A stream read back from the checkpoint: its unacknowledged updates, oldest first,
    /// none in flight (they go when the agent registers).
    mutating func restore(_ key: Key, pending: [StatusUpdate]) {
        guard !pending.isEmpty else { return }
        self.streams[key] = Stream(pending: pending, sentAt: nil, retryInterval: self.retryMin)
    }

    mutating func drop(frameworkID: FrameworkID) {
        self.streams = self.streams.filter { $0.key.frameworkID != frameworkID }
    }
}

