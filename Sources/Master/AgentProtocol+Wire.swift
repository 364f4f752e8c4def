import AgoraModel
import AgoraWire
import Foundation
import MasterCore

/// The master's side of the agent protocol: AgentCall messages in, AgentEvent messages out.
enum AgentProtocolWire {
    static func registration(
        _ subscribe: AgentCallMessage.Subscribe, ip: String, connection: ConnectionID, streamID: String
    ) throws(WireError) -> AgentRegistration {
        var agent = try AgentDescriptor(proto: subscribe.agentInfo, ip: ip)
        if subscribe.agentInfo.hasID { agent.id = AgentID(subscribe.agentInfo.id.value) }
        return AgentRegistration(
            agent: agent,
            frameworks: subscribe.frameworks.map(FrameworkDescriptor.init(proto:)),
            executors: try subscribe.executors.map { report throws(WireError) in
                ReportedExecutor(frameworkID: FrameworkID(report.frameworkID.value), executor: try ExecutorSpec(proto: report.executorInfo))
            },
            tasks: try subscribe.tasks.map(Self.reportedTask),
            connection: connection, streamID: streamID)
    }

    private static func reportedTask(_ task: Agora_V1_Task) throws(WireError) -> ReportedTask {
        var info = ProtoTaskInfo()
        info.name = task.name
        info.taskID = task.taskID
        info.agentID = task.agentID
        info.resources = task.resources
        info.labels = task.labels
        if task.hasKillPolicy { info.killPolicy = task.killPolicy }
        var spec = try TaskSpec(proto: info)
        spec.hasCommand = !task.hasExecutorID || task.executorID.value == task.taskID.value
        if task.hasExecutorID && task.executorID.value != task.taskID.value {
            spec.executor = ExecutorSpec(executorID: ExecutorID(task.executorID.value))
        }
        return ReportedTask(
            frameworkID: FrameworkID(task.frameworkID.value), spec: spec, state: TaskState(proto: task.state),
            latestStatus: task.statuses.last.map(TaskStatus.init(proto:)))
    }

    static func call(_ message: AgentCallMessage) throws(WireError) -> AgentCall {
        switch message.type {
        case .heartbeat:
            return .heartbeat
        case .update:
            guard message.hasUpdate else { throw WireError("Expecting 'update' to be present") }
            let update = message.update.update
            return .update(StatusUpdate(
                frameworkID: FrameworkID(update.frameworkID.value), status: TaskStatus(proto: update.status),
                latestState: update.hasLatestState ? TaskState(proto: update.latestState) : nil))
        case .executorExited:
            guard message.hasExecutorExited else { throw WireError("Expecting 'executor_exited' to be present") }
            let exited = message.executorExited
            return .executorExited(
                FrameworkID(exited.frameworkID.value), ExecutorID(exited.executorID.value),
                status: exited.hasStatus ? exited.status : nil)
        case .message:
            guard message.hasMessage else { throw WireError("Expecting 'message' to be present") }
            return .message(
                FrameworkID(message.message.frameworkID.value), ExecutorID(message.message.executorID.value),
                data: Array(message.message.data))
        case .subscribe, .unknown:
            throw WireError("Unexpected agent call type \(message.type)")
        }
    }

    static func event(_ message: AgentMessage, masterInfo: Agora_V1_MasterInfo) -> AgentEventMessage {
        var event = AgentEventMessage()
        switch message {
        case .subscribed(let agentID, let interval):
            event.type = .subscribed
            event.subscribed.agentID.value = agentID.value
            event.subscribed.masterInfo = masterInfo
            event.subscribed.heartbeatIntervalSeconds = interval.seconds
        case .runTasks(let framework, let executor, let tasks, let isGroup):
            event.type = .runTasks
            event.runTasks.frameworkInfo = framework.proto
            if let executor { event.runTasks.executor = executor.proto }
            event.runTasks.tasks = tasks.map(\.proto)
            event.runTasks.taskGroup = isGroup
        case .killTask(let frameworkID, let taskID, let grace):
            event.type = .killTask
            event.killTask.frameworkID.value = frameworkID.value
            event.killTask.taskID.value = taskID.value
            if let grace { event.killTask.killPolicy.gracePeriod.nanoseconds = Int64(grace.seconds * 1e9) }
        case .shutdownExecutor(let frameworkID, let executorID):
            event.type = .shutdownExecutor
            event.shutdownExecutor.frameworkID.value = frameworkID.value
            event.shutdownExecutor.executorID.value = executorID.value
        case .shutdownFramework(let frameworkID):
            event.type = .shutdownFramework
            event.shutdownFramework.frameworkID.value = frameworkID.value
        case .acknowledge(let frameworkID, let taskID, let uuid):
            event.type = .acknowledge
            event.acknowledge.frameworkID.value = frameworkID.value
            event.acknowledge.taskID.value = taskID.value
            event.acknowledge.uuid = Data(uuid)
        case .message(let frameworkID, let executorID, let data):
            event.type = .message
            event.message.frameworkID.value = frameworkID.value
            event.message.executorID.value = executorID.value
            event.message.data = Data(data)
        case .error(let text):
            event.type = .error
            event.error.message = text
        case .heartbeat:
            event.type = .heartbeat
        }
        return event
    }
}
