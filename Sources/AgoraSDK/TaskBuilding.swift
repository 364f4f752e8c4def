import Foundation

extension Mesos.TaskInfo {
    /// A command task: `/bin/sh -c command` with `resources`, on the offer's agent.
    public static func command(
        id: TaskID, name: String? = nil, command: String, resources: [Mesos.Resource], on offer: Mesos.Offer,
        environment: [String: String] = [:]
    ) -> Mesos.TaskInfo {
        .with {
            $0.taskID.value = id.value
            $0.name = name ?? id.value
            $0.agentID = offer.agentID
            $0.resources = resources
            $0.command.value = command
            $0.command.shell = true
            $0.command.environment.variables = environment.sorted { $0.key < $1.key }.map { variable in
                .with {
                    $0.name = variable.key
                    $0.value = variable.value
                }
            }
        }
    }

    /// The kill grace period of the task (SIGTERM to SIGKILL).
    public mutating func setKillGracePeriod(_ grace: Duration) {
        self.killPolicy.gracePeriod.nanoseconds = grace.wireNanoseconds
    }
}

extension Mesos.ExecutorInfo {
    /// The agent's default executor for a task group, holding `resources` of its own
    /// (Mesos wants some; 0.1 cpus and 32 MB is what its tools use).
    public static func defaultExecutor(id: ExecutorID, resources: [Mesos.Resource], on offer: Mesos.Offer) -> Mesos.ExecutorInfo {
        .with {
            $0.type = .default
            $0.executorID.value = id.value
            $0.frameworkID = offer.frameworkID
            $0.resources = resources
        }
    }
}

/// Follows task states from status updates: the newest state of every task seen.
public struct TaskTracker: Sendable {
    public private(set) var states: [TaskID: Mesos.TaskState] = [:]
    public private(set) var statuses: [TaskID: Mesos.TaskStatus] = [:]

    public init() {}

    /// Records an update; returns true when it moved the task to a terminal state.
    @discardableResult
    public mutating func record(_ status: Mesos.TaskStatus) -> Bool {
        let id = status.id
        let wasTerminal = self.states[id]?.isTerminal ?? false
        self.states[id] = status.state
        self.statuses[id] = status
        return status.state.isTerminal && !wasTerminal
    }

    public func state(of taskID: TaskID) -> Mesos.TaskState? { self.states[taskID] }

    /// Tasks in `state`.
    public func tasks(in state: Mesos.TaskState) -> [TaskID] { self.states.filter { $0.value == state }.map(\.key).sorted() }

    /// How many tasks are live (not terminal).
    public var liveCount: Int { self.states.values.filter { !$0.isTerminal }.count }
}
