import AgoraModel
import AgoraSecurity
import MasterCore

/// The master's ACL checks, under Mesos's action names (docs/security.md): who may
/// register as which role, run tasks as which user, tear down whose frameworks, change
/// weights and quotas, and see which frameworks, tasks and executors. With no ACLs
/// (protected mode alone) everything is allowed.
struct MasterAuthorization: Sendable {
    let policy: AccessPolicy

    /// Whether any check can fail; when not, callers skip the work of asking.
    var isEnforcing: Bool { self.policy.acls != nil }

    func allows(_ action: String, principal: String?, object: String? = nil) -> Bool {
        self.policy.allows(action, principal: principal, object: object)
    }

    /// Why `framework` may not subscribe, if it may not: a principal it claims that is not
    /// the one it authenticated as, or a role `register_frameworks` does not give it.
    func subscribeRefusal(_ framework: FrameworkDescriptor, principal: String?) -> String? {
        if let principal, let claimed = framework.principal, claimed != principal {
            return "Authenticated principal '\(principal)' does not match principal '\(claimed)' set in `FrameworkInfo`"
        }
        for role in framework.roles where !self.allows("register_frameworks", principal: principal, object: role) {
            return "Not authorized to subscribe with role '\(role)'"
        }
        return nil
    }

    /// The tasks of an ACCEPT that `run_tasks` refuses, each with why. A task runs as its
    /// command's (or executor's) user, else as its framework's.
    func unauthorizedTasks(_ operations: [OfferOperation], frameworkUser: String, principal: String?) -> [TaskID: String] {
        var refused: [TaskID: String] = [:]
        for operation in operations {
            let tasks: [TaskSpec]
            switch operation {
            case .launch(let launched): tasks = launched
            case .launchGroup(_, let launched): tasks = launched
            }
            for task in tasks {
                let user = task.user ?? frameworkUser
                if !self.allows("run_tasks", principal: principal, object: user) {
                    refused[task.taskID] = "Not authorized to launch as user '\(user)'"
                }
            }
        }
        return refused
    }

    /// Why an operator change is refused (403), if it is. Agora's KILL_TASK counts as
    /// tearing down part of the task's framework (`teardown_frameworks`).
    func refusal(of call: OperatorCall, principal: String?, in core: MasterCore) -> String? {
        let denied: Bool
        switch call {
        case .updateWeights(let weights):
            denied = weights.contains { !self.allows("update_weights", principal: principal, object: $0.role) }
        case .updateQuota(let quotas, _):
            denied = quotas.contains { !self.allows("update_quotas", principal: principal, object: $0.role) }
        case .markAgentGone(let agentID):
            denied = !self.allows("mark_agents_gone", principal: principal, object: core.agents[agentID]?.info.hostname)
        case .teardown(let frameworkID):
            denied = !self.mayTearDown(frameworkID, principal: principal, in: core)
        case .killTask(let taskID, let frameworkID):
            let owner = frameworkID ?? core.frameworks.first { $0.value.tasks[taskID] != nil }?.key
            denied = owner.map { !self.mayTearDown($0, principal: principal, in: core) } ?? false
        }
        return denied ? "Not authorized to \(call.actionDescription)" : nil
    }

    private func mayTearDown(_ frameworkID: FrameworkID, principal: String?, in core: MasterCore) -> Bool {
        let owner = core.frameworks[frameworkID]?.info.principal
        return self.allows("teardown_frameworks", principal: principal, object: owner)
    }

    /// The state as `principal` may see it (`view_frameworks`, `view_tasks`,
    /// `view_executors`, each on the framework's or task's user).
    func view(_ core: MasterCore, principal: String?) -> MasterCore {
        guard self.isEnforcing else { return core }
        return core.viewed(
            framework: { self.allows("view_frameworks", principal: principal, object: $0.info.user) },
            task: { task, framework in self.allows("view_tasks", principal: principal, object: task.spec.user ?? framework.info.user) },
            executors: { self.allows("view_executors", principal: principal, object: $0.info.user) })
    }
}

extension MasterAuthorization {
    /// Whether an operator event may reach `principal`: framework events need
    /// `view_frameworks` on the framework's user, task events `view_tasks` on the task's;
    /// agent events reach everyone (agents are not filtered).
    func mayView(_ event: OperatorEvent, principal: String?, in core: MasterCore) -> Bool {
        switch event {
        case .agentAdded, .agentRemoved:
            return true
        case .frameworkAdded(let record), .frameworkUpdated(let record):
            return self.allows("view_frameworks", principal: principal, object: record.info.user)
        case .frameworkRemoved(let framework):
            return self.allows("view_frameworks", principal: principal, object: framework.user)
        case .taskAdded(let task):
            return self.mayViewTask(task.spec.user, of: task.frameworkID, principal: principal, in: core)
        case .taskUpdated(let frameworkID, let status, _):
            let framework = core.frameworks[frameworkID]
            let task = framework?.tasks[status.taskID] ?? framework?.unreachableTasks[status.taskID]
            return self.mayViewTask(task?.spec.user, of: frameworkID, principal: principal, in: core)
        }
    }

    private func mayViewTask(_ user: String?, of frameworkID: FrameworkID, principal: String?, in core: MasterCore) -> Bool {
        let owner = user ?? core.frameworks[frameworkID]?.info.user
        return self.allows("view_tasks", principal: principal, object: owner)
    }
}

extension OperatorCall {
    /// What the call does, for a refusal's message.
    fileprivate var actionDescription: String {
        switch self {
        case .updateWeights: "update weights"
        case .updateQuota: "update quotas"
        case .markAgentGone(let agentID): "mark agent \(agentID) gone"
        case .teardown(let frameworkID): "tear down framework \(frameworkID)"
        case .killTask(let taskID, _): "kill task \(taskID)"
        }
    }
}
