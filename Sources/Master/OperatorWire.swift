import AgoraModel
import AgoraWire
import MasterCore

typealias OperatorCallMessage = Agora_V1_Master_Call
typealias OperatorResponseMessage = Agora_V1_Master_Response
typealias OperatorEventMessage = Agora_V1_Master_Event

/// The master's records as v1 operator API messages (Mesos `master::Response` shapes).
struct OperatorWire {
    let core: MasterCore
    let apiVersion: String

    func time(_ instant: MonotonicInstant) -> Agora_V1_TimeInfo {
        Agora_V1_TimeInfo.with { $0.nanoseconds = Int64((self.core.wallTime(instant) * 1e9).rounded()) }
    }

    func task(_ record: TaskRecord) -> Agora_V1_Task {
        let info = record.spec.proto
        var task = Agora_V1_Task()
        task.name = record.spec.name
        task.taskID.value = record.spec.taskID.value
        task.frameworkID.value = record.frameworkID.value
        if let executor = record.spec.executor { task.executorID.value = executor.executorID.value }
        task.agentID.value = record.spec.agentID.value
        task.state = record.state.proto
        task.resources = record.spec.resources.proto()
        task.statuses = record.statuses.map(\.proto)
        if info.hasLabels { task.labels = info.labels }
        if info.hasDiscovery { task.discovery = info.discovery }
        if info.hasContainer { task.container = info.container }
        if info.hasHealthCheck { task.healthCheck = info.healthCheck }
        if info.hasKillPolicy { task.killPolicy = info.killPolicy }
        return task
    }

    func agent(_ record: AgentRecord) -> OperatorResponseMessage.GetAgents.Agent {
        var agent = OperatorResponseMessage.GetAgents.Agent()
        var info = record.info.proto
        info.id.value = record.id.value
        agent.agentInfo = info
        agent.active = record.isConnected
        agent.deactivated = false
        agent.version = self.apiVersion
        agent.pid = "slave(1)@\(record.info.ip):\(record.info.port)"
        agent.registeredTime = self.time(record.registeredAt)
        if let reregistered = record.reregisteredAt { agent.reregisteredTime = self.time(reregistered) }
        agent.totalResources = record.info.resources.proto()
        agent.allocatedResources = self.used(on: record.id).proto()
        agent.offeredResources = self.core.offers.values.filter { $0.offer.agentID == record.id }
            .reduce(Resources()) { $0 + $1.offer.resources }.proto()
        agent.capabilities = [.multiRole, .hierarchicalRole, .reservationRefinement].map { type in
            Agora_V1_AgentInfo.Capability.with { $0.type = type }
        }
        return agent
    }

    /// What live tasks and executors use on the agent.
    private func used(on agentID: AgentID) -> Resources {
        self.core.frameworks.values.reduce(Resources()) { sum, framework in
            let tasks = framework.tasks.values.filter { $0.spec.agentID == agentID && !$0.state.isTerminal }
            let executors = framework.executors[agentID]?.values.map(\.resources) ?? []
            return sum + tasks.reduce(Resources()) { $0 + $1.spec.resources } + executors.reduce(Resources(), +)
        }
    }

    /// A framework; events leave out offers and resources, as Mesos's do.
    func framework(_ record: FrameworkRecord, detailed: Bool = true) -> OperatorResponseMessage.GetFrameworks.Framework {
        var framework = OperatorResponseMessage.GetFrameworks.Framework()
        framework.frameworkInfo = record.info.proto
        framework.frameworkInfo.id.value = record.id.value
        framework.active = record.isActive
        framework.connected = record.isConnected
        framework.recovered = record.isRecovered
        framework.registeredTime = self.time(record.registeredAt)
        if let reregistered = record.reregisteredAt { framework.reregisteredTime = self.time(reregistered) }
        if let disconnected = record.disconnectedAt { framework.unregisteredTime = self.time(disconnected) }
        guard detailed else { return framework }
        let offers = record.offers.compactMap { self.core.offers[$0]?.offer }.sorted { $0.id < $1.id }
        framework.offers = offers.map { $0.proto(for: record.info.capabilities) }
        framework.offeredResources = offers.reduce(Resources()) { $0 + $1.resources }.proto()
        let live = record.tasks.values.filter { !$0.state.isTerminal }
        framework.allocatedResources = live.reduce(Resources()) { $0 + $1.spec.resources }.proto()
        return framework
    }

    func getAgents() -> OperatorResponseMessage.GetAgents {
        var message = OperatorResponseMessage.GetAgents()
        let agents = self.core.agents.values.sorted { $0.id < $1.id }
        message.agents = agents.filter { $0.isReachable && !$0.isRecovering }.map(self.agent)
        message.recoveredAgents = agents.filter(\.isRecovering).map { record in
            var info = record.info.proto
            info.id.value = record.id.value
            return info
        }
        return message
    }

    func getFrameworks() -> OperatorResponseMessage.GetFrameworks {
        var message = OperatorResponseMessage.GetFrameworks()
        message.frameworks = self.core.frameworks.values.sorted { $0.id < $1.id }.map { self.framework($0) }
        message.completedFrameworks = self.core.completedFrameworks.map { self.framework($0) }
        return message
    }

    func getTasks() -> OperatorResponseMessage.GetTasks {
        var message = OperatorResponseMessage.GetTasks()
        for framework in self.core.frameworks.values.sorted(by: { $0.id < $1.id }) {
            message.tasks += framework.tasks.values.sorted { $0.spec.taskID < $1.spec.taskID }.map(self.task)
            message.unreachableTasks += framework.unreachableTasks.values.sorted { $0.spec.taskID < $1.spec.taskID }.map(self.task)
            message.completedTasks += framework.completedTasks.map(self.task)
        }
        for framework in self.core.completedFrameworks {
            message.completedTasks += framework.completedTasks.map(self.task)
        }
        return message
    }

    func getExecutors() -> OperatorResponseMessage.GetExecutors {
        var message = OperatorResponseMessage.GetExecutors()
        for framework in self.core.frameworks.values.sorted(by: { $0.id < $1.id }) {
            for (agentID, executors) in framework.executors.sorted(by: { $0.key < $1.key }) {
                for executor in executors.values.sorted(by: { $0.executorID < $1.executorID }) {
                    var entry = OperatorResponseMessage.GetExecutors.Executor()
                    entry.executorInfo = executor.proto
                    entry.executorInfo.frameworkID.value = framework.id.value
                    entry.agentID.value = agentID.value
                    message.executors.append(entry)
                }
            }
        }
        return message
    }

    func getState() -> OperatorResponseMessage.GetState {
        var state = OperatorResponseMessage.GetState()
        state.getTasks = self.getTasks()
        state.getExecutors = self.getExecutors()
        state.getFrameworks = self.getFrameworks()
        state.getAgents = self.getAgents()
        return state
    }
}
