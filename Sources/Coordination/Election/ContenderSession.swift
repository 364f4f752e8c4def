import Logging

/// One session of a `LeaderContender`: joins the group, works out its standing after every
/// relevant event and watches what can change it. Used only by the contender's run task.
final class ContenderSession {
    private let contender: LeaderContender
    private let client: ZooKeeperClient
    private let events: SessionEvents
    private var ownNode: String?
    /// A create whose outcome is unknown (connection lost): look for our node before creating another.
    private var createUncertain = false
    private var watched: (node: String, watch: Watch)?
    /// Whether this session ever became a member.
    private(set) var joined = false

    private var group: String { self.contender.url.path }

    init(contender: LeaderContender, client: ZooKeeperClient) {
        self.contender = contender
        self.client = client
        self.events = SessionEvents(client: client)
    }

    /// Runs until the session ends; then releases it (deleting the node when withdrawn).
    func run() async -> SessionOutcome {
        let outcome = await self.loop()
        await self.finish(withdrawn: outcome == .cancelled)
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
                if state == .connecting { self.contender.announce(.lost(.connectionLost)) }
                evaluate = state == .connected
            case .watch, .timer:
                evaluate = true
            }
        }
    }

    /// Works out where this contender stands and watches what could change it.
    private func evaluate() async -> SessionStep {
        do {
            let node = try await self.ownNodeJoiningIfNeeded()
            let members = Election.members(of: try await self.client.children(self.group), label: self.contender.label)
            switch Election.standing(of: ZooKeeperPath.name(of: node), among: members) {
            case .absent:
                self.contender.logger.warning("membership node \(node) is gone; joining again")
                self.ownNode = nil
                self.contender.setMembership(nil)
                self.contender.announce(.lost(.nodeDeleted))
                return .again
            case .leader:
                self.contender.announce(.elected)
                return try await self.watch(node) ? .wait : .again
            case .follower(let predecessor):
                self.contender.announce(.notElected)
                return try await self.watch(ZooKeeperPath.join(self.group, predecessor)) ? .wait : .again
            }
        } catch {
            if let outcome = SessionOutcome(error: error) { return .end(outcome) }
            // Transient: the state change that follows (or this timer) brings another evaluation.
            self.events.schedule(0, after: self.contender.backoff.initial)
            return .wait
        }
    }

    /// Watches `node` (the predecessor, or its own node when leading) unless an unfired watch
    /// on it is already set: watches survive reconnections within the session. False when the
    /// node no longer exists.
    private func watch(_ node: String) async throws(ZooKeeperError) -> Bool {
        if let watched, watched.node == node, watched.watch.firedEvent == nil { return true }
        let (stat, watch) = try await self.client.existsAndWatch(node)
        self.events.follow(watch)
        self.watched = (node, watch)
        return stat != nil
    }

    private func ownNodeJoiningIfNeeded() async throws(ZooKeeperError) -> String {
        if let ownNode { return ownNode }
        try await self.client.ensurePath(self.group)
        let node: String
        if self.createUncertain, let adopted = try await self.adoptOwnNode() {
            node = adopted
        } else {
            do {
                node = try await self.client.create(
                    ZooKeeperPath.join(self.group, self.contender.label + "_"), data: self.contender.data, mode: .ephemeralSequential)
            } catch .connectionLoss {
                self.createUncertain = true
                throw .connectionLoss
            }
        }
        self.createUncertain = false
        self.ownNode = node
        self.joined = true
        self.contender.setMembership(LeaderContender.Membership(client: self.client, node: node))
        self.contender.logger.info("joined the group as \(node)", metadata: ["zk.session": "\(self.client.session.map(\.description) ?? "-")"])
        return node
    }

    /// After a create whose reply was lost, the node may exist: adopt the lowest node this
    /// session owns and delete any others, so the session never holds two memberships.
    private func adoptOwnNode() async throws(ZooKeeperError) -> String? {
        let session = self.client.sessionID
        var owned: [String] = []
        for member in Election.members(of: try await self.client.children(self.group), label: self.contender.label) {
            let path = ZooKeeperPath.join(self.group, member.name)
            if let stat = try await self.client.exists(path), stat.ephemeralOwner == session { owned.append(path) }
        }
        for extra in owned.dropFirst() {
            do { try await self.client.delete(extra) } catch .noNode { continue }
        }
        return owned.first
    }

    /// Ends the session. When withdrawn, a leader announces the loss before its node goes,
    /// so it has stopped acting before a successor can be elected.
    private func finish(withdrawn: Bool) async {
        self.events.close()
        if withdrawn {
            self.contender.announce(.lost(.withdrawn))
            if let ownNode, self.client.state == .connected {
                do { try await self.client.delete(ownNode) } catch {
                    self.contender.logger.warning("could not delete \(ownNode) on withdrawal (closing the session removes it): \(error)")
                }
            }
        }
        self.contender.setMembership(nil)
        await self.client.close()
    }
}
