import AgoraSDK
import JobsCore

/// What the effect loop works through, in order.
enum Effect: Sendable {
    case directive(JobsDirective)
    /// Store (or forget) the framework ID before anything after it.
    case saveFrameworkID(String?)
    /// Resumed with true once everything before it is done (false: the term ended first).
    case barrier(CheckedContinuation<Bool, Never>)
    /// A status update to acknowledge once what it changed is stored: until then the agent
    /// resends it, so a crash in between cannot lose a run's end.
    case acknowledge(Mesos.TaskStatus)
}

/// A scheduler call, sent in order by `runCalls()` with the driver of the term that made it.
struct DriverCall: Sendable {
    let driver: any SchedulerDriving
    let directive: JobsDirective
}

extension JobsShell {
    /// Queues directives in the order the core produced them.
    func apply(_ directives: [JobsDirective]) {
        guard !directives.isEmpty else { return }
        self.effects.append(contentsOf: directives.map(Effect.directive))
        self.wakeEffects.yield()
    }

    /// Queues the framework ID's write.
    func queueFrameworkID(_ id: String?) {
        self.effects.append(.saveFrameworkID(id))
        self.wakeEffects.yield()
    }

    /// Queues the acknowledgement of `status`, after everything its handling queued.
    func queueAcknowledgement(_ status: Mesos.TaskStatus) {
        guard status.hasUuid else { return }
        self.effects.append(.acknowledge(status))
        self.wakeEffects.yield()
    }

    /// Waits until everything queued so far is done; false if the term ended first.
    func settle() async -> Bool {
        guard !self.effects.isEmpty || self.effectsRunning else { return true }
        return await withCheckedContinuation { continuation in
            self.effects.append(.barrier(continuation))
            self.wakeEffects.yield()
        }
    }

    /// The loop that carries out queued effects; runs for the server's lifetime.
    public func runEffects() async {
        for await _ in self.effectWakeups {
            await self.drainEffects()
        }
    }

    private func drainEffects() async {
        guard !self.effectsRunning else { return }
        self.effectsRunning = true
        defer { self.effectsRunning = false }
        while !self.effects.isEmpty {
            let effect = self.effects.removeFirst()
            switch effect {
            case .barrier(let waiter): waiter.resume(returning: true)
            case .saveFrameworkID(let id): guard await self.write({ try await $0.saveFrameworkID(id) }) else { return }
            case .directive(.persist(let changes)):
                // Group commit: every write queued behind this one goes into the same transaction.
                // Calls queued between them then follow writes that happened even later, which is
                // still after everything they depend on.
                let batch = changes + self.takeQueuedChanges(limit: Self.maxBatchChanges - changes.count)
                guard await self.write({ try await $0.write(batch) }) else { return }
            case .acknowledge(let status):
                guard let driver = self.term.driver else { continue }
                self.sendAcknowledgement.yield(PendingAcknowledgement(driver: driver, status: status))
            case .directive(.wakeUp(let instant)): await self.timer.schedule(at: instant)
            case .directive(let directive):
                guard let driver = self.term.driver else { continue }
                self.sendCall.yield(DriverCall(driver: driver, directive: directive))
            }
        }
    }

    /// A durable write; on failure the term ends (the core may be ahead of the store, so it is
    /// rebuilt from the store by the next term) and false is returned.
    private func write(_ body: (JobsStorage) async throws -> Void) async -> Bool {
        guard let storage = self.term.storage else { return false }
        let started = ContinuousClock.now
        do {
            try await body(storage)
            self.metrics.recordWrite(ContinuousClock.now - started)
            return true
        } catch {
            self.logger.error("state write failed: giving up leadership", metadata: ["error": "\(error)"])
            await self.endTerm(reason: "state write failed: \(error)")
            return false
        }
    }

    /// Changes per transaction at most (a ZooKeeper `multi` must stay under 1 MB).
    static let maxBatchChanges = 256

    /// Removes the changes of queued `.persist` directives (up to `limit` changes), leaving
    /// everything else in order.
    private func takeQueuedChanges(limit: Int) -> [StoreChange] {
        var taken: [StoreChange] = []
        var index = 0
        while index < self.effects.count {
            if case .directive(.persist(let changes)) = self.effects[index], taken.count + changes.count <= limit {
                taken += changes
                self.effects.remove(at: index)
            } else {
                index += 1
            }
        }
        return taken
    }

    /// Drops everything queued: the term ended. Waiting requests learn it did not happen.
    func discardEffects() {
        let dropped = self.effects
        self.effects = []
        for effect in dropped {
            if case .barrier(let waiter) = effect { waiter.resume(returning: false) }
        }
    }
}
