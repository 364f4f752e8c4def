import AgoraModel

extension MasterCore {
    /// A framework subscribed on a new stream: a new framework, a failover of a known one
    /// (its old stream gets ERROR "Framework failed over"), or, after a master restart, a
    /// framework this master never saw. Problems arrive in the stream as ERROR, as in Mesos.
    public mutating func subscribe(_ request: SubscribeRequest, now: MonotonicInstant) -> [MasterDirective] {
        var directives: [MasterDirective] = []
        let connection = request.connection
        if let problem = request.refusal ?? Self.validateSubscription(request.framework, suppressedRoles: request.suppressedRoles) {
            return [.sendToFramework(connection, .error(problem)), .closeFrameworkStream(connection)]
        }
        if let id = request.framework.id, self.isRemoved(id) {
            return [.sendToFramework(connection, .error("Framework has been removed")), .closeFrameworkStream(connection)]
        }
        let id = request.framework.id ?? self.newFrameworkID()
        var info = request.framework
        info.id = id
        if var existing = self.frameworks[id] {
            self.closeOldStream(of: &existing, &directives)
            self.recoverOffers(of: id, now: now, &directives, notify: false)
            existing.info = Self.merging(info, into: existing.info)
            existing.reregisteredAt = now
            self.frameworks[id] = existing
        } else {
            self.frameworks[id] = FrameworkRecord(
                info: info, id: id, suppressedRoles: [], registeredAt: now, isRecovered: false)
        }
        let isNew = self.frameworks[id]?.reregisteredAt == nil && !self.frameworks[id]!.isRecovered
        self.recordSubscribed(id, &directives)
        self.attach(id, request: request, now: now, &directives)
        if isNew {
            self.publish(.frameworkAdded(self.frameworks[id]!), &directives)
        } else {
            self.publishFrameworkUpdated(id, &directives)
        }
        return directives
    }

    /// The stream of `connection` closed. The framework keeps its tasks for its
    /// failover_timeout; with a timeout of zero it is removed at once.
    public mutating func frameworkDisconnected(_ connection: ConnectionID, now: MonotonicInstant) -> [MasterDirective] {
        guard let id = self.frameworkByConnection.removeValue(forKey: connection),
            var framework = self.frameworks[id], framework.connection == connection
        else { return [] }
        var directives: [MasterDirective] = []
        framework.connection = nil
        framework.streamID = nil
        framework.disconnectedAt = now
        framework.nextHeartbeat = nil
        self.frameworks[id] = framework
        self.allocator.setFrameworkActive(id, false)
        self.recoverOffers(of: id, now: now, &directives, notify: false)
        if framework.info.failoverTimeout <= .zero {
            self.removeFramework(id, now: now, &directives)
        } else {
            // Durable, so that a new leader keeps counting the failover timeout from here.
            self.persist(.recordFramework(framework.info, disconnectedSince: self.wallTime(now)), &directives)
            self.publishFrameworkUpdated(id, &directives)
        }
        return directives
    }

    /// Removes a framework: its tasks are killed on every agent, its offers recovered,
    /// and a later re-subscription with its ID is refused.
    mutating func removeFramework(_ id: FrameworkID, now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        guard var framework = self.frameworks.removeValue(forKey: id) else { return }
        // Durable before anyone hears of it, so the framework can never come back.
        self.persist(.removeFramework(id, at: self.wallTime(now)), &directives)
        self.recoverOffers(of: id, now: now, &directives, notify: false)
        let agentIDs = Set(framework.tasks.values.map(\.spec.agentID)).union(framework.executors.keys)
        for agentID in agentIDs.sorted() {
            self.send(.shutdownFramework(id), toAgent: agentID, &directives)
            self.agents[agentID]?.tasks[id] = nil
        }
        for (_, var task) in framework.tasks.sorted(by: { $0.key < $1.key }) {
            if !task.state.isTerminal {
                task.state = .killed
                task.statuses.append(
                    TaskStatus(taskID: task.spec.taskID, state: .killed, message: "Framework removed", source: .master,
                               reason: .frameworkRemoved, agentID: task.spec.agentID, executorID: task.spec.executorID))
                self.publishUpdate(of: task, &directives)
            }
            self.complete(task, in: &framework)
        }
        framework.tasks = [:]
        framework.unreachableTasks = [:]
        if let connection = framework.connection {
            directives.append(.closeFrameworkStream(connection))
            self.frameworkByConnection[connection] = nil
            framework.connection = nil
        }
        self.allocator.removeFramework(id)
        self.completedFrameworks.append(framework)
        if self.completedFrameworks.count > self.configuration.maxCompletedFrameworks {
            self.completedFrameworks.removeFirst()
        }
        self.metrics.frameworkRemovals += 1
        self.publish(.frameworkRemoved(framework.info), &directives)
        self.wantAllocation(&directives)
    }

    /// UPDATE_FRAMEWORK: new roles, capabilities, suppressed roles; principal, user and
    /// checkpoint may not change.
    mutating func updateFramework(
        _ id: FrameworkID, info: FrameworkDescriptor, suppressedRoles: [String], now: MonotonicInstant,
        _ directives: inout [MasterDirective]
    ) -> CallResult {
        guard var framework = self.frameworks[id] else { return .badRequest("Framework cannot be found") }
        if let given = info.id, given != id {
            return .badRequest("'FrameworkInfo.id' (\(given)) does not match the framework being updated (\(id))")
        }
        if let problem = Self.validateSubscription(info, suppressedRoles: suppressedRoles) { return .badRequest(problem) }
        if info.principal != framework.info.principal {
            return .badRequest("Updating 'FrameworkInfo.principal' is unsupported")
        }
        var updated = Self.merging(info, into: framework.info)
        updated.id = id
        let droppedRoles = Set(framework.info.roles).subtracting(updated.roles)
        framework.info = updated
        framework.suppressedRoles = Set(suppressedRoles)
        self.frameworks[id] = framework
        self.recordSubscribed(id, &directives)
        for offerID in framework.offers.sorted() where droppedRoles.contains(self.offers[offerID]?.offer.role ?? "") {
            self.rescind(offerID, now: now, &directives)
        }
        self.allocator.updateFramework(
            id, roles: Set(updated.roles), suppressedRoles: Set(suppressedRoles), capabilities: updated.capabilities)
        self.publishFrameworkUpdated(id, &directives)
        self.wantAllocation(&directives)
        return .ok
    }

    // MARK: - Helpers

    /// Stores a subscribed framework's description unless the registry has it already.
    private mutating func recordSubscribed(_ id: FrameworkID, _ directives: inout [MasterDirective]) {
        guard let info = self.frameworks[id]?.info else { return }
        let entry = Registry.RegisteredFramework(info: info, disconnectedSince: nil)
        if self.registry.frameworks[id] != entry {
            self.persist(.recordFramework(info, disconnectedSince: nil), &directives)
        }
    }

    private mutating func attach(_ id: FrameworkID, request: SubscribeRequest, now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        var framework = self.frameworks[id]!
        framework.connection = request.connection
        framework.streamID = request.streamID
        framework.disconnectedAt = nil
        framework.isRecovered = false
        framework.suppressedRoles = Set(request.suppressedRoles)
        framework.nextHeartbeat = now + self.configuration.heartbeatInterval
        self.frameworks[id] = framework
        self.frameworkByConnection[request.connection] = id
        self.allocator.addFramework(
            id, roles: Set(framework.info.roles), suppressedRoles: framework.suppressedRoles,
            capabilities: framework.info.capabilities, isActive: true)
        directives.append(.sendToFramework(request.connection, .subscribed(id, heartbeatInterval: self.configuration.heartbeatInterval)))
        directives.append(.sendToFramework(request.connection, .heartbeat))
        self.wantAllocation(&directives)
    }

    private mutating func closeOldStream(of framework: inout FrameworkRecord, _ directives: inout [MasterDirective]) {
        guard let old = framework.connection else { return }
        directives.append(.sendToFramework(old, .error("Framework failed over")))
        directives.append(.closeFrameworkStream(old))
        self.frameworkByConnection[old] = nil
        framework.connection = nil
    }

    /// A re-subscription or UPDATE_FRAMEWORK may change everything but user and checkpoint.
    static func merging(_ update: FrameworkDescriptor, into current: FrameworkDescriptor) -> FrameworkDescriptor {
        var merged = update
        merged.user = current.user
        merged.checkpoint = current.checkpoint
        return merged
    }

    static func validateSubscription(_ info: FrameworkDescriptor, suppressedRoles: [String]) -> String? {
        if info.usesRolesField && !info.capabilities.contains(.multiRole) {
            return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"
        }
        if info.roles.isEmpty { return "'FrameworkInfo.roles' must not be empty" }
        for role in info.roles {
            if let problem = Roles.validate(role) { return problem }
        }
        if Set(info.roles).count != info.roles.count { return "'FrameworkInfo.roles' contains duplicate items" }
        for role in suppressedRoles where !info.roles.contains(role) {
            return "Suppressed role '\(role)' is not contained in the list of roles"
        }
        return nil
    }

    /// Moves a finished task to the framework's completed list.
    mutating func complete(_ task: TaskRecord, in framework: inout FrameworkRecord) {
        framework.keepCompleted(task, limit: self.configuration.maxCompletedTasksPerFramework)
        self.metrics.tasksByTerminalState[task.state, default: 0] += 1
    }

    /// `complete(_:in:)` on the stored record, changed in place.
    mutating func complete(_ task: TaskRecord, of frameworkID: FrameworkID) {
        self.frameworks[frameworkID]?.keepCompleted(task, limit: self.configuration.maxCompletedTasksPerFramework)
        self.metrics.tasksByTerminalState[task.state, default: 0] += 1
    }
}
