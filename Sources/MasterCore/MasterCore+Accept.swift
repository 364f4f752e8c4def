import AgoraModel

extension MasterCore {
    /// ACCEPT: checks the offers, launches every valid task (invalid ones get TASK_ERROR),
    /// and returns what the operations left unused with the call's refusal filter.
    mutating func accept(
        _ offerIDs: [OfferID], operations: [OfferOperation], refuseSeconds: Double, unauthorized: [TaskID: String] = [:],
        of frameworkID: FrameworkID, now: MonotonicInstant, _ directives: inout [MasterDirective]
    ) {
        let records = offerIDs.compactMap { self.offers[$0] }
        if let problem = self.validateOffers(offerIDs, records: records, of: frameworkID) {
            self.refuseLaunches(operations, of: frameworkID, problem: problem, &directives)
            for record in records where record.offer.frameworkID == frameworkID {
                self.removeOffer(record.offer.id)
                self.allocator.recoverResources(record.offer.resources, of: frameworkID, on: record.offer.agentID, now: now)
            }
            self.wantAllocation(&directives)
            return
        }
        let agentID = records[0].offer.agentID
        let role = records[0].offer.role
        var launch = LaunchContext(
            agentID: agentID, role: role, available: records.reduce(Resources()) { $0 + $1.offer.resources },
            unauthorized: unauthorized)
        for record in records { self.removeOffer(record.offer.id) }
        for operation in operations {
            switch operation {
            case .launch(let tasks):
                for task in tasks { self.launch([task], executor: task.executor, isGroup: false, of: frameworkID, &launch, &directives) }
            case .launchGroup(let executor, let tasks):
                self.launch(tasks, executor: executor, isGroup: true, of: frameworkID, &launch, &directives)
            }
        }
        self.allocator.recoverResources(launch.available, of: frameworkID, on: agentID, refuseSeconds: refuseSeconds, now: now)
        self.wantAllocation(&directives)
    }

    /// Mesos's offer rules: every offer valid, owned by the caller, used once, all on one
    /// agent and in one allocation role.
    private func validateOffers(_ offerIDs: [OfferID], records: [OfferRecord], of frameworkID: FrameworkID) -> String? {
        if offerIDs.isEmpty { return "No offers specified" }
        if Set(offerIDs).count != offerIDs.count { return "Duplicate offer in accept" }
        for offerID in offerIDs {
            guard let record = self.offers[offerID] else { return "Offer \(offerID) is no longer valid" }
            if record.offer.frameworkID != frameworkID { return "Offer \(offerID) has invalid framework" }
        }
        if Set(records.map(\.offer.agentID)).count > 1 { return "Aggregated offers must belong to one single agent" }
        if Set(records.map(\.offer.role)).count > 1 { return "Aggregated offers must be allocated to the same role" }
        if let agentID = records.first?.offer.agentID, self.agents[agentID]?.isConnected != true {
            return "Agent \(agentID) is not connected"
        }
        return nil
    }

    /// Answers every task of an ACCEPT on invalid offers with TASK_DROPPED (or TASK_LOST).
    private func refuseLaunches(
        _ operations: [OfferOperation], of frameworkID: FrameworkID, problem: String, _ directives: inout [MasterDirective]
    ) {
        let partitionAware = self.frameworks[frameworkID]?.info.isPartitionAware ?? false
        for task in operations.flatMap(Self.tasks(of:)) {
            let status = TaskStatus(
                taskID: task.taskID, state: TaskState.dropped.visible(toPartitionAware: partitionAware),
                message: problem, source: .master, reason: .invalidOffers, agentID: task.agentID)
            self.send(.update(status), to: frameworkID, &directives)
        }
    }

    static func tasks(of operation: OfferOperation) -> [TaskSpec] {
        switch operation {
        case .launch(let tasks), .launchGroup(_, let tasks): tasks
        }
    }

    /// Validates and launches one task, or a whole task group (all or nothing).
    private mutating func launch(
        _ tasks: [TaskSpec], executor: ExecutorSpec?, isGroup: Bool, of frameworkID: FrameworkID,
        _ launch: inout LaunchContext, _ directives: inout [MasterDirective]
    ) {
        guard let framework = self.frameworks[frameworkID] else { return }
        let prepared = tasks.map { Self.tagged($0, role: launch.role) }
        let executorSpec = executor.map { Self.tagged($0, role: launch.role) }
        if let (problem, reason) = self.refusal(of: prepared, executor: executorSpec, isGroup: isGroup, framework: framework, launch) {
            for task in prepared {
                let status = TaskStatus(
                    taskID: task.taskID, state: .error, message: problem, source: .master, reason: reason, agentID: task.agentID)
                self.send(.update(status), to: frameworkID, &directives)
            }
            return
        }
        let validation = TaskValidation(framework: framework, agentID: launch.agentID, launchedIDs: [], available: launch.available)
        launch.available -= validation.newExecutorResources(executorSpec)
        if let spec = executorSpec {
            self.frameworks[frameworkID]!.executors[launch.agentID, default: [:]][spec.executorID] = spec
        }
        for task in prepared {
            launch.available -= task.resources
            launch.launchedIDs.insert(task.taskID)
            self.frameworks[frameworkID]!.tasks[task.taskID] = TaskRecord(
                spec: task, frameworkID: frameworkID, role: launch.role, state: .staging)
            self.agents[launch.agentID]?.tasks[frameworkID, default: []].insert(task.taskID)
            self.publish(.taskAdded(self.frameworks[frameworkID]!.tasks[task.taskID]!), &directives)
        }
        self.send(.runTasks(framework: framework.info, executor: executorSpec, tasks: prepared, isGroup: isGroup),
                  toAgent: launch.agentID, &directives)
    }

    /// Why the tasks may not launch, and the reason their TASK_ERROR gives: the ACLs first
    /// (one refused task refuses its group), then validation.
    private func refusal(
        of tasks: [TaskSpec], executor: ExecutorSpec?, isGroup: Bool, framework: FrameworkRecord, _ launch: LaunchContext
    ) -> (String, TaskStatusReason)? {
        if let unauthorized = tasks.lazy.compactMap({ launch.unauthorized[$0.taskID] }).first {
            return (unauthorized, .taskUnauthorized)
        }
        return self.validateLaunch(tasks, executor: executor, isGroup: isGroup, framework: framework, launch)
            .map { ($0, isGroup ? .taskGroupInvalid : .taskInvalid) }
    }

    private func validateLaunch(
        _ tasks: [TaskSpec], executor: ExecutorSpec?, isGroup: Bool, framework: FrameworkRecord, _ launch: LaunchContext
    ) -> String? {
        if isGroup && tasks.isEmpty { return "Task group is empty" }
        if isGroup, let executor, executor.kind != .default {
            return "Task group executor '\(executor.executorID)' must be of type DEFAULT"
        }
        if isGroup && Set(tasks.map(\.taskID)).count != tasks.count { return "Task group has duplicate task IDs" }
        var validation = TaskValidation(
            framework: framework, agentID: launch.agentID, launchedIDs: launch.launchedIDs, available: launch.available)
        if isGroup, let executor, let problem = validation.validateExecutor(executor) { return problem }
        for task in tasks {
            if let problem = validation.validate(task, inGroup: isGroup) { return problem }
            validation.launchedIDs.insert(task.taskID)
        }
        if isGroup {
            let needed = tasks.reduce(Resources()) { $0 + $1.resources } + validation.newExecutorResources(executor)
            if !launch.available.contains(needed) {
                return "Task group uses more resources \(needed.unallocated) than available \(launch.available.unallocated)"
            }
        }
        return nil
    }

    /// Tags the task's (and its executor's) untagged resources with the offer's role, as
    /// Mesos injects allocation_info the scheduler omitted.
    static func tagged(_ task: TaskSpec, role: String) -> TaskSpec {
        var task = task
        task.resources = Self.tagged(task.resources, role: role)
        task.executor = task.executor.map { Self.tagged($0, role: role) }
        return task
    }

    static func tagged(_ executor: ExecutorSpec, role: String) -> ExecutorSpec {
        var executor = executor
        executor.resources = Self.tagged(executor.resources, role: role)
        return executor
    }

    static func tagged(_ resources: Resources, role: String) -> Resources {
        Resources(resources.items.map { resource in
            var tagged = resource
            if tagged.allocationRole == nil { tagged.allocationRole = role }
            return tagged
        })
    }
}

/// What one ACCEPT has left to launch with.
struct LaunchContext {
    var agentID: AgentID
    var role: String
    var available: Resources
    var launchedIDs: Set<TaskID> = []
    /// Tasks the ACLs refuse, with why.
    var unauthorized: [TaskID: String] = [:]
}
