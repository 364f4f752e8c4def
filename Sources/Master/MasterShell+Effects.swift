import MasterCore

extension MasterShell {
    /// Carries out directives in the order the core produced them. A registry write holds
    /// back everything after it — from this batch and every later one — until it is
    /// durable, so nobody ever hears of a change the registry could still lose. Batches
    /// without writes, with nothing queued ahead, run at once (the launch and status path).
    func apply(_ directives: [MasterDirective]) {
        let writes = directives.contains { if case .persist = $0 { true } else { false } }
        if self.effects.isEmpty && !self.effectsRunning && !writes {
            for directive in directives { self.execute(directive) }
            return
        }
        self.effects.append(contentsOf: directives.map(Effect.directive))
        self.wakeEffects.yield()
    }

    /// Waits until everything queued so far is done; false if leadership ended first.
    func settle() async -> Bool {
        guard !self.effects.isEmpty || self.effectsRunning else { return true }
        return await withCheckedContinuation { self.effects.append(.barrier($0)) }
    }

    /// The loop that works through queued effects; runs for the master's lifetime.
    func runEffects() async {
        for await _ in self.effectWakeups {
            await self.drainEffects()
        }
    }

    private func drainEffects() async {
        self.effectsRunning = true
        defer { self.effectsRunning = false }
        while let effect = self.effects.popFirst() {
            switch effect {
            case .barrier(let waiter):
                waiter.resume(returning: true)
            case .directive(.persist(let changes)):
                guard await self.store(changes) else { return }
            case .directive(let directive):
                self.execute(directive)
            }
        }
    }

    /// Writes registry changes; on failure this master must stop leading at once.
    private func store(_ changes: [RegistryChange]) async -> Bool {
        guard let storage = self.storage else { return false }
        do {
            let startedAt = self.clock.now
            try await storage.write(changes)
            self.prometheus.registryWrite.record(self.clock.now - startedAt)
            return true
        } catch {
            self.logger.error("registry write failed: stepping down", metadata: ["error": "\(error)"])
            let handler = self.onLeadershipFailure
            self.stepDown(reason: "registry write failed: \(error)")
            handler?("registry write failed: \(error)")
            return false
        }
    }

    func execute(_ directive: MasterDirective) {
        switch directive {
        case .sendToFramework(let connection, let event): self.send(event, to: connection)
        case .closeFrameworkStream(let connection): self.frameworkSinks.removeValue(forKey: connection)?.continuation.finish()
        case .sendToAgent(let connection, let message): self.send(message, toAgent: connection)
        case .closeAgentStream(let connection): self.agentSinks.removeValue(forKey: connection)?.continuation.finish()
        case .allocationWanted: self.scheduleAllocation()
        case .publish(let event): self.publish(event)
        case .persist: preconditionFailure("registry writes go through the effect queue")
        }
    }

    /// Drops everything queued: leadership ended. Waiting callers learn it did not happen.
    func discardEffects() {
        while let effect = self.effects.popFirst() {
            if case .barrier(let waiter) = effect { waiter.resume(returning: false) }
        }
    }
}
