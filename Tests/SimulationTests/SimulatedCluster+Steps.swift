import AgentCore
import AgoraModel
import MasterCore
import Testing

extension SimulatedCluster {
    /// Advances the virtual clock by `milliseconds`, delivering what is due, ticking every
    /// core, injecting faults, and checking the invariants after each step.
    mutating func run(milliseconds: Int) {
        for _ in 0..<milliseconds / 10 {
            self.now = self.now + .milliseconds(10)
            while let message = self.network.next(before: self.now) {
                self.deliver(message)
                self.checkInvariants()
            }
            self.applyMaster(self.master.tick(now: self.now))
            for index in self.agents.indices { self.applyAgent(index, self.agents[index].core.tick(now: self.now)) }
            self.maybeAllocate()
            self.maybeInjectFault()
            self.maybeFailOver()
            self.maybeKill()
            self.maybeReconcile()
            self.checkInvariants()
        }
    }

    private mutating func maybeAllocate() {
        guard Int.random(in: 0..<3, using: &self.rng) == 0 else { return }
        self.applyMaster(self.master.allocate(now: self.now))
    }

    /// Frameworks reconcile what they have not heard the end of, now and then.
    private mutating func maybeReconcile() {
        for index in self.frameworks.indices where self.frameworks[index].connection != nil && Int.random(in: 0..<200, using: &self.rng) == 0 {
            for call in self.frameworks[index].reconcileUnfinished() {
                self.network.send(.toMaster(framework: index, self.frameworks[index].connection, call), at: self.now, rng: &self.rng)
            }
        }
    }

    private mutating func maybeKill() {
        for index in self.frameworks.indices where self.frameworks[index].connection != nil && self.launching {
            if let call = self.frameworks[index].maybeKill(rng: &self.rng) {
                self.network.send(.toMaster(framework: index, self.frameworks[index].connection, call), at: self.now, rng: &self.rng)
            }
        }
    }

    /// Rarely: an agent's stream breaks, or a framework's, and comes back later.
    private mutating func maybeInjectFault() {
        for index in self.agents.indices where self.agents[index].connection == nil && Int.random(in: 0..<30, using: &self.rng) == 0 {
            self.connectAgent(index)
        }
        for index in self.frameworks.indices where self.frameworks[index].connection == nil && Int.random(in: 0..<30, using: &self.rng) == 0 {
            self.subscribe(index)
        }
        guard self.faults, Int.random(in: 0..<400, using: &self.rng) == 0 else { return }
        if Bool.random(using: &self.rng) {
            let index = Int.random(in: 0..<self.agents.count, using: &self.rng)
            guard let connection = self.agents[index].connection else { return }
            self.log("fault: agent \(index) loses its master stream")
            self.agents[index].connection = nil
            self.agents[index].core.masterDisconnected()
            self.applyMaster(self.master.agentDisconnected(connection, now: self.now))
        } else {
            let index = Int.random(in: 0..<self.frameworks.count, using: &self.rng)
            guard let connection = self.frameworks[index].connection else { return }
            self.log("fault: framework \(index) loses its event stream")
            self.frameworks[index].connection = nil
            self.applyMaster(self.master.frameworkDisconnected(connection, now: self.now))
        }
    }

    /// Rarely: the master dies. Everything in flight to or from it is lost, every stream
    /// breaks, and a new master recovers from the store; agents and frameworks come back
    /// to it as they reconnect.
    private mutating func maybeFailOver() {
        guard self.faults, Int.random(in: 0..<1500, using: &self.rng) == 0 else { return }
        self.failOver()
    }

    mutating func failOver() {
        self.failovers += 1
        self.log("fault: master fails over (term \(self.failovers))")
        let lost = self.network.dropMasterTraffic()
        for index in self.frameworks.indices { self.frameworks[index].connection = nil }
        for index in self.agents.indices where self.agents[index].connection != nil {
            self.agents[index].connection = nil
            self.agents[index].core.masterDisconnected()
        }
        for (agent, call) in lost {
            self.applyAgent(agent, self.agents[agent].core.masterCallFinished(call.id, .failed("master died"), now: self.now))
        }
        self.master = MasterCore(
            recovering: self.store, configuration: self.masterConfiguration, masterID: "SIM\(self.failovers)", now: self.now,
            wallClock: self.master.wallTime(self.now))
    }

    // MARK: - Invariants

    /// No agent offered or using more than it has; no task on two agents; the allocator's
    /// books balance.
    func checkInvariants() {
        self.expect(self.master.registry == self.store, "the master's registry differs from the store")
        for (agentID, agent) in self.master.agents where agent.isConnected {
            self.expect(self.store.agents[agentID] == agent.info, "connected agent \(agentID) is not admitted in the store")
        }
        for (frameworkID, framework) in self.master.frameworks where framework.isConnected {
            self.expect(self.store.frameworks[frameworkID]?.disconnectedSince == nil, "subscribed framework \(frameworkID) not stored as such")
        }
        for (agentID, agent) in self.master.agents where agent.isConnected {
            var held = Resources()
            for offer in self.master.offers.values where offer.offer.agentID == agentID { held += offer.offer.resources.unallocated }
            var running = Resources()
            for framework in self.master.frameworks.values {
                for task in framework.tasks.values where task.spec.agentID == agentID && !task.state.isTerminal {
                    running += task.spec.resources.unallocated
                }
            }
            self.expect(agent.info.resources.contains(held + running), "agent \(agentID) holds \(held + running) of \(agent.info.resources)")
            // What the master reports used (tasks and executors) is what the allocator holds
            // beside the offers: operators and frameworks see the same numbers.
            held += self.master.usedResources(onAgent: agentID).unallocated
            let allocator = self.master.allocator
            let allocatedTotal = self.master.frameworks.keys.reduce(Resources()) { $0 + allocator.allocated(to: $1, on: agentID).unallocated }
            self.expect(allocatedTotal == held, "agent \(agentID): allocated \(allocatedTotal), but used + offered is \(held)")
            self.expect(allocatedTotal + allocator.available(on: agentID) == agent.info.resources,
                        "allocator books for \(agentID): \(allocatedTotal) + \(allocator.available(on: agentID)) != \(agent.info.resources)")
        }
        var owners: [String: Int] = [:]
        for (index, agent) in self.agents.enumerated() {
            for (frameworkID, executors) in agent.core.executors {
                for record in executors.values {
                    for taskID in record.tasks.keys where !(record.tasks[taskID]!.state.isTerminal) {
                        let key = "\(frameworkID)/\(taskID)"
                        self.expect(owners[key] == nil, "task \(key) runs on agents \(owners[key] ?? -1) and \(index)")
                        owners[key] = index
                    }
                }
            }
        }
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { Issue.record("\(message())\nlast events:\n\(self.trace.joined(separator: "\n"))") }
    }
}
