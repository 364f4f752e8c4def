import AgoraSDK
import AppsCore
import Logging

/// Stage two of the shell's effects: the calls to the master, in the core's order.
struct DriverCalls {
    let driver: any SchedulerDriving
    let logger: Logger
    /// Refusal for what an ACCEPT leaves unused (Mesos's default filter).
    static let acceptRefusal: Duration = .seconds(5)

    /// Works through the term's calls until the term ends.
    func run(_ calls: AsyncStream<AppsDirective>) async {
        for await directive in calls { await self.execute(directive) }
    }

    func execute(_ directive: AppsDirective) async {
        do {
            try await self.call(directive)
        } catch {
            // The term ending (shutdown, lost leadership) cancels what is queued: nothing to report.
            if Task.isCancelled || error is CancellationError || (error as? SchedulerError) == .stopped { return }
            self.logger.warning("call to the master failed", metadata: ["call": "\(Self.name(directive))", "error": "\(error)"])
            await self.recover(from: directive)
        }
    }

    private func call(_ directive: AppsDirective) async throws {
        switch directive {
        case .launch(let offerIDs, _, let tasks):
            let operation = Mesos.Operation.with {
                $0.type = .launch
                $0.launch.taskInfos = tasks.map(TaskInfoBuilder.taskInfo)
            }
            try await self.driver.accept(offerIDs.map(OfferID.init), operations: [operation], refuse: Self.acceptRefusal)
        case .decline(let offerIDs, let seconds):
            try await self.driver.decline(offerIDs.map(OfferID.init), refuse: .seconds(double: seconds))
        case .kill(let taskID, let agentID, let grace):
            try await self.driver.kill(TaskID(taskID), agentID: agentID.map(AgentID.init), gracePeriod: grace.map { .seconds(double: $0) })
        case .reviveOffers: try await self.driver.revive(roles: [])
        case .suppressOffers: try await self.driver.suppress(roles: [])
        case .reconcile(let tasks):
            try await self.driver.reconcile(tasks.map { AgoraSDK.ReconcileTask(TaskID($0.taskID), agentID: $0.agentID.map(AgentID.init)) })
        default: break
        }
    }

    /// A launch that may not have reached the master: ask for the tasks' states, so those
    /// the master never got come back as lost and are launched again. (Kills are retried
    /// by the core's timer; a new subscription reconciles and revives anyway.)
    private func recover(from directive: AppsDirective) async {
        guard case .launch(_, let agentID, let tasks) = directive else { return }
        do {
            try await self.driver.reconcile(tasks.map { AgoraSDK.ReconcileTask(TaskID($0.taskID), agentID: AgentID(agentID)) })
        } catch {
            self.logger.warning("cannot reconcile unconfirmed launches; the next subscription will", metadata: ["error": "\(error)"])
        }
    }

    static func name(_ directive: AppsDirective) -> String {
        switch directive {
        case .launch(_, let agent, let tasks): "launch \(tasks.count) task(s) on \(agent)"
        case .decline(let offers, _): "decline \(offers.count) offer(s)"
        case .kill(let task, _, _): "kill \(task)"
        case .reviveOffers: "revive"
        case .suppressOffers: "suppress"
        case .reconcile(let tasks): "reconcile \(tasks.count) task(s)"
        default: "\(directive)"
        }
    }
}
