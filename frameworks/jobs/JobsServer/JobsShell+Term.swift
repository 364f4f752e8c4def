import AgoraSDK
import JobsCore

/// Makes the scheduler driver of a term, given the stored framework ID (nil: a new framework).
public typealias DriverFactory = @Sendable (_ frameworkID: String?) throws -> any SchedulerDriving

extension JobsShell {
    /// Takes over: reads the store, rebuilds the core (settling what came due while no one
    /// led, by each job's missed-run policy), then subscribes with the stored framework ID.
    /// The core reconciles its tasks once subscribed. `onFailure` hears why the term ended
    /// (a refused write, the master removing the framework).
    public func lead(storage: JobsStorage, makeDriver: DriverFactory, onFailure: @escaping @Sendable (String) -> Void) async throws {
        self.role = .recovering
        await self.timer.onFire { [weak self] in await self?.tick() }
        let loaded: (state: PersistedState, frameworkID: String?)
        let driver: any SchedulerDriving
        do {
            loaded = try await storage.load()
            driver = try makeDriver(loaded.frameworkID)
        } catch {
            self.role = .standby(leader: nil)
            throw error
        }
        let now = self.clock.now()
        let (core, directives) = JobsCore.recover(from: loaded.state, configuration: self.settings.core, seed: self.settings.seed, now: now)
        self.core = core
        self.term.number += 1
        self.term.driver = driver
        self.term.storage = storage
        self.term.frameworkIDStored = loaded.frameworkID != nil
        self.term.onFailure = onFailure
        let events = driver.events()
        let number = self.term.number
        self.term.pump = Task { for await event in events { await self.handle(event, term: number) } }
        self.role = .leading
        self.logger.info("leading", metadata: [
            "jobs": "\(core.jobs.count)", "runs": "\(core.runs.count)", "framework.id": "\(loaded.frameworkID ?? "new")",
        ])
        self.apply(directives)
        await driver.start()
    }

    /// Stops leading: the driver is stopped (tasks stay with the master for the next leader),
    /// the core and everything queued are dropped, the timer is cancelled.
    public func stepDown(reason: String) async {
        guard self.core != nil || self.term.driver != nil else { return }
        self.logger.warning("stepping down", metadata: ["reason": "\(reason)"])
        self.core = nil
        self.role = .standby(leader: self.knownOtherLeader)
        self.discardEffects()
        await self.timer.cancel()
        self.term.pump?.cancel()
        let driver = self.term.driver
        self.term = Term(number: self.term.number)
        await driver?.stop(teardown: false)
    }

    /// Ends the term after a failure and tells whoever runs the leadership loop.
    func endTerm(reason: String) async {
        let report = self.term.onFailure
        await self.stepDown(reason: reason)
        report?(reason)
    }

    /// One SDK event of term `number` (events of an older term are ignored).
    func handle(_ event: SchedulerEvent, term number: Int) async {
        guard number == self.term.number, self.core != nil else { return }
        let now = self.clock.now()
        switch event {
        case .subscribed(let id, _, _), .resubscribed(let id, _, _):
            if !self.term.frameworkIDStored {
                self.queueFrameworkID(id.value)
                self.term.frameworkIDStored = true
            }
            self.logger.info("subscribed; reconciling", metadata: ["framework.id": "\(id)"])
            self.apply(self.core!.handle(.subscribed, now: now))
        case .offers(let offers):
            self.metrics.offers += offers.count
            self.apply(self.core!.handle(.offers(offers.map(ResourceOffer.init)), now: now))
        case .rescind(let id):
            self.apply(self.core!.handle(.offerRescinded(offerID: id.value), now: now))
        case .update(let status):
            self.metrics.updates += 1
            self.apply(self.core!.handle(.statusUpdate(Self.update(status)), now: now))
            self.queueAcknowledgement(status)
        case .error(let message):
            // The master removed the framework: forget its ID, so the next term subscribes anew.
            self.logger.error("the master refused the framework", metadata: ["message": "\(message)"])
            self.queueFrameworkID(nil)
            _ = await self.settle()
            await self.endTerm(reason: "the master refused the framework: \(message)")
        case .disconnected(let reason):
            self.logger.info("disconnected from the master; the SDK re-subscribes", metadata: ["reason": "\(reason)"])
        case .message, .failure, .heartbeat:
            break
        }
    }

    /// A Mesos status as the core reads it.
    static func update(_ status: Mesos.TaskStatus) -> TaskStatusUpdate {
        TaskStatusUpdate(
            taskID: status.taskID.value, state: TaskState(rawValue: status.state.name) ?? .unknown,
            agentID: status.hasAgentID ? status.agentID.value : nil, message: status.message.isEmpty ? nil : status.message,
            reason: status.hasReason ? "\(status.reason)" : nil, healthy: status.hasHealthy ? status.healthy : nil)
    }
}
