/// Follows a `MasterDetector` for a client that keeps one connection to the leading master
/// (an agent, a framework): the current leader's base URL, and a way to wait until it
/// changes — to cut a reconnection backoff short, or to leave a master that lost office.
public actor LeaderTracker {
    /// The leading master's base URL (`http://host:port`), nil while none is known.
    public private(set) var leader: String?
    /// Bumped on every change; pass it to `change(after:)`.
    public private(set) var version = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0
    private var stopped = false
    let detector: MasterDetector

    public init(detector: MasterDetector) {
        self.detector = detector
    }

    /// Follows the detector until cancelled or stopped; run it in a task of its own.
    public func run() async {
        for await leader in self.detector.leader() {
            self.leader = leader
            self.version += 1
            self.releaseAll()
        }
    }

    /// Returns once the leader differs from `version` (at once if it already does), when
    /// the tracker stops, or when the calling task is cancelled.
    public func change(after version: Int) async {
        guard self.version == version, !self.stopped else { return }
        self.nextWaiter += 1
        let id = self.nextWaiter
        await withTaskCancellationHandler {
            await withCheckedContinuation { self.waiters[id] = $0 }
        } onCancel: {
            Task { await self.release(id) }
        }
    }

    /// Waits up to `timeout` for the first change after `version`, or simply for `timeout`.
    public func pause(_ timeout: Duration, orUntilChangeAfter version: Int) async {
        await withTaskGroup(of: Void.self) { group in
            // Either branch ending is the point: a cancelled sleep is as good as a finished one.
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.change(after: version) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Stops following; every waiter returns.
    public func stop() async {
        self.stopped = true
        self.releaseAll()
        await self.detector.stop()
    }

    private func release(_ id: Int) { self.waiters.removeValue(forKey: id)?.resume() }

    private func releaseAll() {
        let waiters = self.waiters.values
        self.waiters = [:]
        for waiter in waiters { waiter.resume() }
    }
}
