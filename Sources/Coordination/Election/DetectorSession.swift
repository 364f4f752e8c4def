/// One session of a `LeaderDetector`. Used only by the detector's run task.
final class DetectorSession {
    private let detector: LeaderDetector
    private let client: ZooKeeperClient
    private let events: SessionEvents
    /// The watch on the group: a children watch, or an exists-watch while it is absent.
    private var groupWatch: (watch: Watch, isChildWatch: Bool)?
    /// The data watch on the leader published last.
    private var leaderWatch: (name: String, watch: Watch)?
    /// Bumped on every state change; a disconnect timer only counts for its own generation.
    private var generation: UInt64 = 1
    private static let retry: UInt64 = 0

    private var group: String { self.detector.url.path }

    init(detector: LeaderDetector, client: ZooKeeperClient) {
        self.detector = detector
        self.client = client
        self.events = SessionEvents(client: client)
    }

    func run() async -> SessionOutcome {
        let outcome = await self.loop()
        self.events.close()
        await self.client.close()
        return outcome
    }

    private func loop() async -> SessionOutcome {
        var iterator = self.events.stream.makeAsyncIterator()
        var evaluate = false
        while true {
            if evaluate && self.client.state == .connected {
                switch await self.evaluate() {
                case .again: continue
                case .wait: evaluate = false
                case .end(let outcome): return outcome
                }
            }
            guard let event = await iterator.next() else { return .cancelled }
            switch event {
            case .session(let state), .watch(.sessionLost(let state)):
                if let outcome = SessionOutcome(state: state) { return outcome }
                self.generation += 1
                evaluate = state == .connected
                if state == .connecting { self.events.schedule(self.generation, after: self.detector.sessionTimeout) }
            case .watch:
                evaluate = true
            case .timer(Self.retry):
                evaluate = true
            case .timer(let generation):
                if generation == self.generation && self.client.state != .connected { self.leaderUnknown() }
            }
        }
    }

    /// Disconnected for a whole session timeout: the leader may have changed unseen.
    private func leaderUnknown() {
        self.detector.logger.warning("no leader known: disconnected from ZooKeeper for \(self.detector.sessionTimeout)")
        self.leaderWatch = nil
        self.detector.publish(nil)
    }

    private func evaluate() async -> SessionStep {
        do {
            let children = try await self.groupChildren() ?? []
            guard let leader = Election.members(of: children, label: self.detector.label).first else {
                self.leaderWatch = nil
                self.detector.publish(nil)
                return .wait
            }
            if let leaderWatch, leaderWatch.name == leader.name, leaderWatch.watch.firedEvent == nil { return .wait }
            let path = ZooKeeperPath.join(self.group, leader.name)
            do {
                let (data, _, watch) = try await self.client.getAndWatch(path)
                self.events.follow(watch)
                self.leaderWatch = (leader.name, watch)
                self.detector.publish(LeaderInfo(name: leader.name, path: path, sequence: leader.sequence, data: data))
                return .wait
            } catch .noNode {
                return .again  // the leader left between the two reads
            }
        } catch {
            if let outcome = SessionOutcome(error: error) { return .end(outcome) }
            self.events.schedule(Self.retry, after: self.detector.backoff.initial)
            return .wait
        }
    }

    /// The group's children, keeping one watch on the group; nil when the group does not exist
    /// (then an exists-watch waits for its creation).
    private func groupChildren() async throws(ZooKeeperError) -> [String]? {
        if let (watch, isChildWatch) = self.groupWatch, watch.firedEvent == nil {
            guard isChildWatch else { return nil }  // absent until its exists-watch fires
            do { return try await self.client.children(self.group) } catch .noNode { return nil }
        }
        while true {
            do {
                let (children, watch) = try await self.client.childrenAndWatch(self.group)
                self.follow(watch, isChildWatch: true)
                return children
            } catch .noNode {
                let (stat, watch) = try await self.client.existsAndWatch(self.group)
                self.follow(watch, isChildWatch: false)
                if stat == nil { return nil }  // else created meanwhile: set a children watch
            }
        }
    }

    private func follow(_ watch: Watch, isChildWatch: Bool) {
        self.groupWatch = (watch, isChildWatch)
        self.events.follow(watch)
    }
}
