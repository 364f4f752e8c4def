import AgoraSDK
import JobsCore

extension JobsShell {
    /// Sends scheduler calls one at a time, in the order the core asked for them (each after
    /// the writes that preceded it). Runs for the server's lifetime.
    public func runCalls() async {
        for await call in self.calls {
            await self.send(call.directive, with: call.driver)
        }
    }

    /// Acknowledges stored status updates, several at a time. Runs for the server's lifetime.
    public func runAcknowledgements() async {
        await StoredAcknowledgements.run(self.acknowledgements, logger: self.logger)
    }

    private func send(_ directive: JobsDirective, with driver: any SchedulerDriving) async {
        do {
            switch directive {
            case .launch(let offerIDs, _, let tasks):
                self.metrics.launched += tasks.count
                let operation = Mesos.Operation.with {
                    $0.type = .launch
                    $0.launch.taskInfos = tasks.map(TaskInfoBuilder.taskInfo)
                }
                // Nothing is refused for long: the next due run may need the rest of the offer soon.
                do {
                    try await driver.accept(offerIDs.map { OfferID($0) }, operations: [operation], refuse: .zero)
                } catch {
                    // The master may or may not have the tasks: ask it, so the core hears the truth
                    // (a task it never got is reported lost and its run relaunched).
                    self.logger.error("launch failed; reconciling its tasks", metadata: ["error": "\(error)"])
                    try await driver.reconcile(tasks.map { AgoraSDK.ReconcileTask(TaskID($0.taskID), agentID: AgentID($0.agentID)) })
                }
            case .decline(let offerIDs, let refuseSeconds):
                self.metrics.declined += offerIDs.count
                try await driver.decline(offerIDs.map { OfferID($0) }, refuse: .milliseconds(Int64(refuseSeconds * 1000)))
            case .kill(let taskID, let agentID, let grace):
                try await driver.kill(TaskID(taskID), agentID: agentID.map { AgentID($0) },
                                      gracePeriod: grace.map { .milliseconds(Int64($0 * 1000)) })
            case .reviveOffers:
                self.metrics.revives += 1
                try await driver.revive(roles: [])
            case .suppressOffers:
                try await driver.suppress(roles: [])
            case .reconcile(let tasks):
                try await driver.reconcile(tasks.map(Self.sdkReconcileTask))
            case .persist, .wakeUp:
                preconditionFailure("writes and wake-ups are carried out by the effect loop")
            }
        } catch {
            self.metrics.failedCalls += 1
            self.logger.warning("scheduler call failed", metadata: ["call": "\(Self.name(of: directive))", "error": "\(error)"])
        }
    }

    static func sdkReconcileTask(_ task: CoreReconcileTask) -> AgoraSDK.ReconcileTask {
        AgoraSDK.ReconcileTask(TaskID(task.taskID), agentID: task.agentID.map { AgentID($0) })
    }

    static func name(of directive: JobsDirective) -> String {
        switch directive {
        case .persist: "persist"
        case .launch: "launch"
        case .decline: "decline"
        case .kill: "kill"
        case .reviveOffers: "revive"
        case .suppressOffers: "suppress"
        case .reconcile: "reconcile"
        case .wakeUp: "wakeUp"
        }
    }
}
