import Synchronization

/// One ordered stream of what a session loop reacts to: the client's state changes, the
/// events of the watches it follows, and its own timers. Consumed by one task; `close()`
/// ends the stream and the forwarding tasks.
final class SessionEvents: Sendable {
    enum Event: Sendable {
        case session(SessionState)
        case watch(WatchEvent)
        case timer(UInt64)
    }

    let stream: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let tasks = Mutex<(next: Int, running: [Int: Task<Void, Never>])>((0, [:]))

    init(client: ZooKeeperClient) {
        (self.stream, self.continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        let states = client.stateChanges()
        self.spawn { continuation in
            for await state in states { continuation.yield(.session(state)) }
        }
    }

    /// Delivers `watch`'s event when it fires.
    func follow(_ watch: Watch) {
        self.spawn { continuation in
            do { continuation.yield(.watch(try await watch.event())) } catch { return }  // closed meanwhile
        }
    }

    /// Delivers `.timer(token)` after `delay`.
    func schedule(_ token: UInt64, after delay: Duration) {
        self.spawn { continuation in
            do { try await Task.sleep(for: delay) } catch { return }  // closed meanwhile
            continuation.yield(.timer(token))
        }
    }

    /// Ends the stream and everything feeding it.
    func close() {
        let running = self.tasks.withLock { tasks in
            defer { tasks.running.removeAll() }
            return Array(tasks.running.values)
        }
        for task in running { task.cancel() }
        self.continuation.finish()
    }

    private func spawn(_ body: @escaping @Sendable (AsyncStream<Event>.Continuation) async -> Void) {
        let continuation = self.continuation
        self.tasks.withLock { tasks in
            tasks.next += 1
            let id = tasks.next
            tasks.running[id] = Task { [weak self] in
                await body(continuation)
                _ = self?.tasks.withLock { $0.running.removeValue(forKey: id) }
            }
        }
    }
}
