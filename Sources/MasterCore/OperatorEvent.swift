import AgoraModel

/// A change operators can follow on the v1 operator API's SUBSCRIBE stream (Mesos
/// `master::Event`). The core emits these as `.publish` directives only while
/// `publishesOperatorEvents` is on, so the launch and status path pays nothing when nobody
/// listens.
public enum OperatorEvent: Hashable, Sendable {
    /// A task became known: launched, or reported by a re-registering agent.
    case taskAdded(TaskRecord)
    /// A task's state changed; `status` is its newest status.
    case taskUpdated(FrameworkID, TaskStatus, state: TaskState)
    /// An agent registered or re-registered.
    case agentAdded(AgentRecord)
    /// An agent was declared unreachable or marked gone.
    case agentRemoved(AgentID)
    /// A new framework subscribed.
    case frameworkAdded(FrameworkRecord)
    /// A framework re-subscribed, changed its description or disconnected.
    case frameworkUpdated(FrameworkRecord)
    /// A framework was torn down or timed out.
    case frameworkRemoved(FrameworkDescriptor)
}

extension MasterCore {
    /// Queues `event` for operator subscribers, if any are listening.
    func publish(_ event: @autoclosure () -> OperatorEvent, _ directives: inout [MasterDirective]) {
        guard self.publishesOperatorEvents else { return }
        directives.append(.publish(event()))
    }

    /// Publishes a task's new state.
    func publishUpdate(of task: TaskRecord, _ directives: inout [MasterDirective]) {
        guard self.publishesOperatorEvents, let status = task.statuses.last else { return }
        directives.append(.publish(.taskUpdated(task.frameworkID, status, state: task.state)))
    }

    /// Publishes the framework's current record as updated.
    func publishFrameworkUpdated(_ id: FrameworkID, _ directives: inout [MasterDirective]) {
        guard self.publishesOperatorEvents, let framework = self.frameworks[id] else { return }
        directives.append(.publish(.frameworkUpdated(framework)))
    }
}
