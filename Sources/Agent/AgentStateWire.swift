import AgentCore
import AgoraModel
import AgoraWire

/// The agent's state as v1 operator API messages (Mesos `agent::Response` shapes).
struct AgentStateWire {
    let core: AgentCore

    func response(for type: AgentOperatorCall.TypeEnum) -> AgentOperatorResponse {
        var response = AgentOperatorResponse()
        switch type {
        case .getFrameworks: (response.type, response.getFrameworks) = (.getFrameworks, self.frameworks())
        case .getExecutors: (response.type, response.getExecutors) = (.getExecutors, self.executors())
        case .getTasks: (response.type, response.getTasks) = (.getTasks, self.tasks())
        case .getAgent:
            response.type = .getAgent
            response.getAgent.agentInfo = self.agentInfo
        default:
            response.type = .getState
            response.getState.getTasks = self.tasks()
            response.getState.getExecutors = self.executors()
            response.getState.getFrameworks = self.frameworks()
        }
        return response
    }

    private var agentInfo: ProtoAgentInfo {
        var info = self.core.agent.proto
        if let id = self.core.agentID { info.id.value = id.value }
        return info
    }

    private var records: [ExecutorRecord] {
        self.core.executors.keys.sorted().flatMap { id in
            (self.core.executors[id] ?? [:]).values.sorted { $0.executorID < $1.executorID }
        }
    }

    func frameworks() -> AgentOperatorResponse.GetFrameworks {
        var message = AgentOperatorResponse.GetFrameworks()
        message.frameworks = self.core.frameworks.values.sorted { ($0.id?.value ?? "") < ($1.id?.value ?? "") }.map { framework in
            AgentOperatorResponse.GetFrameworks.Framework.with { $0.frameworkInfo = framework.proto }
        }
        return message
    }

    func executors() -> AgentOperatorResponse.GetExecutors {
        var message = AgentOperatorResponse.GetExecutors()
        message.executors = self.records.map(self.executor)
        message.completedExecutors = self.core.completedExecutors.map(self.executor)
        return message
    }

    private func executor(_ record: ExecutorRecord) -> AgentOperatorResponse.GetExecutors.Executor {
        var info = record.spec.proto
        info.frameworkID.value = record.frameworkID.value
        return AgentOperatorResponse.GetExecutors.Executor.with { $0.executorInfo = info }
    }

    func tasks() -> AgentOperatorResponse.GetTasks {
        var message = AgentOperatorResponse.GetTasks()
        for record in self.records {
            message.queuedTasks += record.queuedTasks.map { self.task($0, state: .staging, status: nil, of: record) }
            for task in record.tasks.values.sorted(by: { $0.spec.taskID < $1.spec.taskID }) {
                let proto = self.task(task.spec, state: task.state, status: task.latestStatus, of: record)
                if task.state.isTerminal { message.terminatedTasks.append(proto) } else { message.launchedTasks.append(proto) }
            }
        }
        return message
    }

    private func task(_ spec: TaskSpec, state: TaskState, status: TaskStatus?, of record: ExecutorRecord) -> Agora_V1_Task {
        var task = Agora_V1_Task()
        task.name = spec.name
        task.taskID.value = spec.taskID.value
        task.frameworkID.value = record.frameworkID.value
        task.executorID.value = record.executorID.value
        task.agentID.value = self.core.agentID?.value ?? spec.agentID.value
        task.state = state.proto
        task.resources = spec.resources.proto()
        if let status { task.statuses = [status.proto] }
        return task
    }
}
