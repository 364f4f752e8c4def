import Foundation

extension SchedulerDriver {
    public func accept(_ offerIDs: [OfferID], operations: [Mesos.Operation], refuse: Duration = .seconds(5)) async throws {
        var call = self.call(.accept)
        call.accept.offerIds = offerIDs.map { id in .with { $0.value = id.value } }
        call.accept.operations = operations
        call.accept.filters.refuseSeconds = refuse.wireSeconds
        try await self.send(call)
    }

    public func decline(_ offerIDs: [OfferID], refuse: Duration) async throws {
        var call = self.call(.decline)
        call.decline.offerIds = offerIDs.map { id in .with { $0.value = id.value } }
        call.decline.filters.refuseSeconds = refuse.wireSeconds
        try await self.send(call)
    }

    public func revive(roles: [String]) async throws {
        var call = self.call(.revive)
        call.revive.roles = roles
        try await self.send(call)
    }

    public func suppress(roles: [String]) async throws {
        var call = self.call(.suppress)
        call.suppress.roles = roles
        try await self.send(call)
    }

    public func kill(_ taskID: TaskID, agentID: AgentID?, gracePeriod: Duration?) async throws {
        var call = self.call(.kill)
        call.kill.taskID.value = taskID.value
        if let agentID { call.kill.agentID.value = agentID.value }
        if let gracePeriod { call.kill.killPolicy.gracePeriod.nanoseconds = gracePeriod.wireNanoseconds }
        try await self.send(call)
    }

    public func shutdown(_ executorID: ExecutorID, agentID: AgentID) async throws {
        var call = self.call(.shutdown)
        call.shutdown.executorID.value = executorID.value
        call.shutdown.agentID.value = agentID.value
        try await self.send(call)
    }

    public func acknowledge(_ status: Mesos.TaskStatus) async throws {
        guard status.hasUuid else { return }
        var call = self.call(.acknowledge)
        call.acknowledge.agentID = status.agentID
        call.acknowledge.taskID = status.taskID
        call.acknowledge.uuid = status.uuid
        try await self.send(call)
    }

    public func reconcile(_ tasks: [ReconcileTask]) async throws {
        var call = self.call(.reconcile)
        call.reconcile.tasks = tasks.map { task in
            .with {
                $0.taskID.value = task.taskID.value
                if let agentID = task.agentID { $0.agentID.value = agentID.value }
            }
        }
        try await self.send(call)
    }

    public func message(agentID: AgentID, executorID: ExecutorID, data: Data) async throws {
        var call = self.call(.message)
        call.message.agentID.value = agentID.value
        call.message.executorID.value = executorID.value
        call.message.data = data
        try await self.send(call)
    }

    public func updateFramework(_ framework: Mesos.FrameworkInfo, suppressedRoles: [String] = []) async throws {
        var call = self.call(.updateFramework)
        var info = framework
        info.id = self.configuration.framework.id
        call.updateFramework.frameworkInfo = info
        call.updateFramework.suppressedRoles = suppressedRoles
        try await self.send(call)
    }

    public func teardown() async throws {
        try await self.send(self.call(.teardown))
    }

    // MARK: - Sending

    func call(_ type: Mesos.Call.TypeEnum) -> Mesos.Call {
        var call = Mesos.Call()
        call.type = type
        call.frameworkID = self.configuration.framework.id
        return call
    }

    /// Sends a call on the current subscription (waiting for one while re-subscribing).
    @discardableResult
    func send(_ call: Mesos.Call) async throws -> [UInt8] {
        guard !self.isStopped else { throw SchedulerError.stopped }
        let subscription = try await self.currentSubscription()
        var call = call
        call.frameworkID = self.configuration.framework.id
        return try await self.client.call(call, to: subscription.endpoint, streamID: subscription.streamID).body
    }
}
