import AgoraSDK
import AppsCore
import Logging

/// What the runner of a term needs: the streams to work through and the driver.
public struct TermHandle: Sendable {
    public let number: Int
    public let driver: any SchedulerDriving
    /// A wake-up whenever stage one has work (`AppsShell.runEffects`).
    let effectsWakeups: AsyncStream<Void>
    let driverCalls: AsyncStream<AppsDirective>
    /// Status updates whose changes are stored: acknowledge them.
    let acknowledgements: AsyncStream<PendingAcknowledgement>
}

extension AppsShell {
    /// Starts leading: reads the store, rebuilds the core from it (discarding anything held
    /// before — a stale copy is how Marathon killed live tasks after re-election), and creates
    /// the driver with the stored framework ID. Nothing is launched or killed until the
    /// driver subscribed and the core reconciled.
    public func lead(
        persistence: AppsPersistence, seed: UInt64 = .random(in: 0...UInt64.max),
        makeDriver: @Sendable (_ frameworkID: String?) throws -> any SchedulerDriving,
        end: @escaping @Sendable (String) -> Void
    ) async throws -> TermHandle {
        self.stepDown(reason: "a new term starts")
        let loaded = try await persistence.load()
        let (core, directives) = AppsCore.recover(from: loaded.state, configuration: self.configuration, seed: seed, now: self.clock.now())
        let driver = try makeDriver(loaded.frameworkID)
        self.termCount += 1
        let (wakeups, wakeupInput) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (calls, callsInput) = AsyncStream<AppsDirective>.makeStream()
        let (acknowledgements, acknowledgementsInput) = AsyncStream<PendingAcknowledgement>.makeStream()
        self.term = Term(
            number: self.termCount, core: core, persistence: persistence, driver: driver, frameworkID: loaded.frameworkID,
            effectsWakeup: wakeupInput, driverCalls: callsInput, acknowledgements: acknowledgementsInput, end: end)
        self.logger.info("apps framework leading", metadata: [
            "apps": "\(core.apps.count)", "instances": "\(core.instances.count)", "deployments": "\(core.deployments.count)",
            "framework.id": "\(loaded.frameworkID ?? "-")",
        ])
        self.enqueue(directives, barrierAfterPersist: false)
        return TermHandle(
            number: self.termCount, driver: driver, effectsWakeups: wakeups, driverCalls: calls, acknowledgements: acknowledgements)
    }

    /// Stops leading: forgets the core, stops timers and checks; API requests still waiting
    /// for their writes learn they did not happen.
    public func stepDown(reason: String) {
        guard let term = self.term else { return }
        self.logger.info("apps framework stops leading: \(reason)")
        self.term = nil
        self.pendingEffects = []
        term.effectsWakeup.finish()
        term.driverCalls.finish()
        term.acknowledgements.finish()
        self.timer?.cancel()
        self.timer = nil
        self.checks.stopAll()
        let waiting = self.barriers.values
        self.barriers = [:]
        for waiter in waiting { waiter.resume(returning: false) }
    }

    /// Stage one: works through everything queued, as group commits — the writes of all
    /// queued directives go to the store in one batch, then the other directives are
    /// carried out in order (so each still follows every write queued before it); driver
    /// calls pass on to stage two. Returns when nothing is queued.
    func runEffects(term number: Int) async {
        while let term = self.term, term.number == number, !self.pendingEffects.isEmpty {
            let batch = self.pendingEffects
            self.pendingEffects = []
            let changes = batch.flatMap { effect -> [StoreChange] in
                if case .directive(.persist(let changes)) = effect { return changes }
                return []
            }
            if !changes.isEmpty {
                self.storing = true
                let stored = await self.store(changes, term: term)
                self.storing = false
                guard stored else { return }
            }
            for effect in batch {
                switch effect {
                case .barrier(let id): self.barriers.removeValue(forKey: id)?.resume(returning: true)
                case .acknowledge(let status): term.acknowledgements.yield(PendingAcknowledgement(driver: term.driver, status: status))
                case .directive(.persist): continue
                case .directive(let directive): self.executeLocally(directive, term: term)
                }
            }
        }
    }

    /// Writes `changes`; on failure the term ends (the core may be ahead of the store).
    private func store(_ changes: [StoreChange], term: Term) async -> Bool {
        do {
            try await term.persistence.apply(changes)
            return self.term?.number == term.number
        } catch {
            guard self.term?.number == term.number else { return false }
            if !(error is CancellationError) {
                self.logger.error("cannot store the apps state; recovering from the store", metadata: ["error": "\(error)"])
            }
            self.stepDown(reason: "store write failed: \(error)")
            term.end("store write failed: \(error)")
            return false
        }
    }

    private func executeLocally(_ directive: AppsDirective, term: Term) {
        switch directive {
        case .emit(let event, let at): self.events.publish(ServerSentEvent(event, at: at))
        case .startHealthChecks(let target): self.checks.startHealthChecks(target, reports: self.checkReports)
        case .stopHealthChecks(let taskID): self.checks.stopHealthChecks(taskID: taskID)
        case .startReadinessChecks(let target): self.checks.startReadinessChecks(target, reports: self.checkReports)
        case .stopReadinessChecks(let taskID): self.checks.stopReadinessChecks(taskID: taskID)
        case .wakeUp(let at): self.schedule(wakeUpAt: at)
        case .persist: preconditionFailure("writes are group-committed in runEffects(term:)")
        case .launch, .decline, .kill, .reviveOffers, .suppressOffers, .reconcile: term.driverCalls.yield(directive)
        }
    }

    private var checkReports: CheckRunner.Reports {
        CheckRunner.Reports(
            health: { [weak self] taskID, index, alive, cause in
                await self?.healthResult(taskID: taskID, checkIndex: index, alive: alive, cause: cause)
            },
            readiness: { [weak self] result in await self?.readinessResult(result) })
    }

    /// Replaces the pending wake-up: `tick` runs at `at`.
    private func schedule(wakeUpAt at: Timestamp) {
        self.timer?.cancel()
        let clock = self.clock
        self.timer = Task { [weak self] in
            do { try await clock.sleep(until: at) } catch { return }
            await self?.tick()
        }
    }

    /// SDK events of term `number` that arrived together: the cluster inputs among them go to
    /// the core as one batch (one convergence); a subscription is handled on its own, after
    /// the inputs before it.
    func receive(_ events: [SchedulerEvent], term number: Int) async {
        var inputs: [AppsInput] = []
        var acknowledgements: [Mesos.TaskStatus] = []
        for event in events {
            guard let term = self.term, term.number == number else { return }
            switch event {
            case .subscribed(let id, _, _), .resubscribed(let id, _, _):
                self.handle(inputs, acknowledging: acknowledgements)
                (inputs, acknowledgements) = ([], [])
                guard await self.subscribed(id.value, term: term) else { return }
            case .offers(let offers): inputs.append(.offers(offers.map(ResourceOffer.init)))
            case .rescind(let id): inputs.append(.offerRescinded(offerID: id.value))
            case .update(let status):
                inputs.append(.statusUpdate(TaskStatusUpdate(status)))
                // Acknowledged only once its effects are stored: until then the agent resends it.
                if status.hasUuid { acknowledgements.append(status) }
            case .error(let message): self.logger.error("the master refused the framework: \(message)")
            case .disconnected(let reason): self.logger.warning("disconnected from the master: \(reason)")
            case .heartbeat, .message, .failure: break
            }
        }
        guard self.term?.number == number else { return }
        self.handle(inputs, acknowledging: acknowledgements)
    }

    /// Stores a new framework ID, then has the core reconcile; false if the term ended.
    private func subscribed(_ frameworkID: String, term: Term) async -> Bool {
        if term.frameworkID != frameworkID {
            do {
                try await term.persistence.saveFrameworkID(frameworkID)
            } catch {
                self.logger.error("cannot store the framework ID", metadata: ["error": "\(error)"])
                self.stepDown(reason: "store write failed: \(error)")
                term.end("cannot store the framework ID: \(error)")
                return false
            }
            guard self.term?.number == term.number else { return false }
            self.term!.frameworkID = frameworkID
        }
        self.logger.info("subscribed; reconciling", metadata: ["framework.id": "\(frameworkID)"])
        self.handle(.subscribed)
        return true
    }

    /// Hands `inputs` to the core as one batch; the updates are acknowledged once stored.
    private func handle(_ inputs: [AppsInput], acknowledging statuses: [Mesos.TaskStatus]) {
        guard !inputs.isEmpty, self.term != nil else { return }
        let directives = self.term!.core.handle(inputs, now: self.clock.now())
        self.enqueue(directives, barrierAfterPersist: false)
        guard !statuses.isEmpty else { return }
        self.pendingEffects += statuses.map(Effect.acknowledge)
        self.term?.effectsWakeup.yield()
    }
}

extension TaskStatusUpdate {
    /// A Mesos status as the core reads it.
    init(_ status: Mesos.TaskStatus) {
        self.init(
            taskID: status.taskID.value, state: CoreTaskState(rawValue: status.state.name) ?? .unknown,
            agentID: status.hasAgentID ? status.agentID.value : nil, message: status.hasMessage ? status.message : nil,
            reason: status.hasReason ? "\(status.reason)" : nil, healthy: status.hasHealthy ? status.healthy : nil)
    }
}
