import AgoraModel

extension MasterCore {
    /// Advances time: heartbeats to frameworks and agents, agents that went silent become
    /// unreachable, frameworks past their failover timeout are removed, stale offers are
    /// rescinded, and the periodic allocation runs when it is due. The shell calls this
    /// often (every 100 ms or so); it is cheap when nothing is due.
    public mutating func tick(now: MonotonicInstant) -> [MasterDirective] {
        var directives: [MasterDirective] = []
        self.sendFrameworkHeartbeats(now: now, &directives)
        self.checkAgents(now: now, &directives)
        self.expireFrameworks(now: now, &directives)
        self.expireOffers(now: now, &directives)
        if now >= self.nextAllocation { directives += self.allocate(now: now) }
        return directives
    }

    /// When the next timer of the core is due; the shell may sleep until then.
    public var nextDeadline: MonotonicInstant { self.nextAllocation }

    private mutating func sendFrameworkHeartbeats(now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        for (id, framework) in self.frameworks.sorted(by: { $0.key < $1.key }) {
            guard let connection = framework.connection, let due = framework.nextHeartbeat, due <= now else { continue }
            directives.append(.sendToFramework(connection, .heartbeat))
            self.frameworks[id]!.nextHeartbeat = now + self.configuration.heartbeatInterval
        }
    }

    private mutating func checkAgents(now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        let timeout = self.configuration.agentTimeout
        for (id, agent) in self.agents.sorted(by: { $0.key < $1.key }) {
            switch agent.health {
            case .connected where agent.lastHeard + timeout <= now:
                self.markUnreachable(id, now: now, &directives)
            case .connected where agent.nextHeartbeat <= now:
                self.send(.heartbeat, toAgent: id, &directives)
                self.agents[id]!.nextHeartbeat = now + self.configuration.agentHeartbeatInterval
            case .disconnected(let since) where since + timeout <= now:
                self.markUnreachable(id, now: now, &directives)
            case .recovering(let since) where since + self.configuration.agentReregisterTimeout <= now:
                self.markUnreachable(id, now: now, &directives)
            default:
                continue
            }
        }
    }

    private mutating func expireFrameworks(now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        for (id, framework) in self.frameworks.sorted(by: { $0.key < $1.key }) {
            guard let since = framework.disconnectedAt else { continue }
            var timeout = framework.info.failoverTimeout
            if framework.isRecovered { timeout = max(timeout, self.configuration.recoveredFrameworkGrace) }
            if since + timeout <= now { self.removeFramework(id, now: now, &directives) }
        }
    }
}
