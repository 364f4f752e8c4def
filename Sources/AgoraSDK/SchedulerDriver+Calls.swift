import Foundation

extension SchedulerDriver {
    /// ACCEPT: applies `operations` to the offers; what they leave unused is refused for
    /// `refuseSeconds`.
    public func accept(offerIDs: [String], operations: [Mesos.Operation], refuseSeconds: Double = 5) async throws {
        var call = self.call(.accept)
        call.accept.offerIds = offerIDs.map { id in .with { $0.value = id } }
        call.accept.operations = operations
        call.accept.filters.refuseSeconds = refuseSeconds
        try await self.send(call)
    }

    /// Launches `tasks` on one offer (an ACCEPT with one LAUNCH).
    public func launch(_ tasks: [Mesos.TaskInfo], on offer: Mesos.Offer, refuseSeconds: Double = 5) async throws {
        let operation = Mesos.Operation.with {
            $0.type = .launch
            $0.launch.taskInfos = tasks
        }
        try await self.accept(offerIDs: [offer.id.value], operations: [operation], refuseSeconds: refuseSeconds)
    }

    /// Launches `tasks` as one task group under `executor` (an ACCEPT with one LAUNCH_GROUP):
    /// they start together and, under the default executor, share its sandbox's lifetime.
    public func launchGroup(
        _ tasks: [Mesos.TaskInfo], executor: Mesos.ExecutorInfo, on offer: Mesos.Offer, refuseSeconds: Double = 5
    ) async throws {
        let operation = Mesos.Operation.with {
            $0.type = .launchGroup
            $0.launchGroup.executor = executor
            $0.launchGroup.taskGroup.tasks = tasks
        }
        try await self.accept(offerIDs: [offer.id.value], operations: [operation], refuseSeconds: refuseSeconds)
    }

    /// DECLINE: none of these offers' resources for `refuseSeconds`.
    public func decline(offerIDs: [String], refuseSeconds: Double = 5) async throws {
        var call = self.call(.decline)
        call.decline.offerIds = offerIDs.map { id in .with { $0.value = id } }
        call.decline.filters.refuseSeconds = refuseSeconds
        try await self.send(call)
    }

    /// REVIVE: offers again in `roles` (all when empty), refusals cleared.
    public func revive(roles: [String] = []) async throws {
        var call = self.call(.revive)
        call.revive.roles = roles
        try await self.send(call)
    }

    /// SUPPRESS: no offers in `roles` (all when empty) until revived.
    public func suppress(roles: [String] = []) async throws {
        var call = self.call(.suppress)
        call.suppress.roles = roles
        try await self.send(call)
    }

    /// KILL a task; `gracePeriod` overrides its kill policy.
    public func kill(taskID: String, agentID: String? = nil, gracePeriod: Duration? = nil) async throws {
        var call = self.call(.kill)
        call.kill.taskID.value = taskID
        if let agentID { call.kill.agentID.value = agentID }
        if let gracePeriod {
            let (seconds, attoseconds) = gracePeriod.components
            call.kill.killPolicy.gracePeriod.nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        }
        try await self.send(call)
    }

    /// SHUTDOWN an executor.
    public func shutdown(executorID: String, agentID: String) async throws {
        var call = self.call(.shutdown)
        call.shutdown.executorID.value = executorID
        call.shutdown.agentID.value = agentID
        try await self.send(call)
    }

    /// ACKNOWLEDGE a status update (needed only with automatic acknowledgements off).
    public func acknowledge(_ status: Mesos.TaskStatus) async throws {
        guard status.hasUuid else { return }
        var call = self.call(.acknowledge)
        call.acknowledge.agentID = status.agentID
        call.acknowledge.taskID = status.taskID
        call.acknowledge.uuid = status.uuid
        try await self.send(call)
    }

    /// RECONCILE: the master answers with an update per task (every known task when empty).
    public func reconcile(_ tasks: [(taskID: String, agentID: String?)] = []) async throws {
        var call = self.call(.reconcile)
        call.reconcile.tasks = tasks.map { task in
            .with {
                $0.taskID.value = task.taskID
                if let agentID = task.agentID { $0.agentID.value = agentID }
            }
        }
        try await self.send(call)
    }

    /// MESSAGE to an executor.
    public func message(agentID: String, executorID: String, data: Data) async throws {
        var call = self.call(.message)
        call.message.agentID.value = agentID
        call.message.executorID.value = executorID
        call.message.data = data
        try await self.send(call)
    }

    /// UPDATE_FRAMEWORK: new roles, capabilities or suppressed roles without re-subscribing.
    public func updateFramework(_ framework: Mesos.FrameworkInfo, suppressedRoles: [String] = []) async throws {
        var call = self.call(.updateFramework)
        var info = framework
        info.id = self.configuration.framework.id
        call.updateFramework.frameworkInfo = info
        call.updateFramework.suppressedRoles = suppressedRoles
        try await self.send(call)
    }

    /// TEARDOWN: removes the framework and kills all its tasks.
    public func teardown() async throws {
        try await self.send(self.call(.teardown))
    }
}
