import AgentCore
import AgoraModel
import AgoraWire
import Foundation

/// The agent's side of the wire: master events in, agent calls out, executor events out.
enum AgentWire {
    static func subscribeCall(agent: AgentDescriptor, report: AgentReport, version: String) -> AgentCallMessage {
        var call = AgentCallMessage()
        call.type = .subscribe
        if let id = agent.id { call.agentID.value = id.value }
        call.subscribe.agentInfo = agent.proto
        call.subscribe.version = version
        call.subscribe.frameworks = report.frameworks.map(\.proto)
        call.subscribe.executors = report.executors.map { report in
            Agora_Internal_ExecutorReport.with {
                $0.frameworkID.value = report.frameworkID.value
                $0.executorInfo = report.executor.proto
            }
        }
        call.subscribe.tasks = report.tasks.map(Self.task)
        return call
    }

    private static func task(_ report: ReportedTask) -> Agora_V1_Task {
        var task = Agora_V1_Task()
        let info = report.spec.proto
        task.name = info.name
        task.taskID = info.taskID
        task.frameworkID.value = report.frameworkID.value
        task.executorID.value = report.spec.executorID.value
        task.agentID = info.agentID
        task.state = report.state.proto
        task.resources = info.resources
        if info.hasLabels { task.labels = info.labels }
        if info.hasKillPolicy { task.killPolicy = info.killPolicy }
        if let status = report.latestStatus { task.statuses = [status.proto] }
        return task
    }

    static func call(_ message: AgentToMaster, agentID: AgentID) -> AgentCallMessage {
        var call = AgentCallMessage()
        call.agentID.value = agentID.value
        switch message {
        case .heartbeat:
            call.type = .heartbeat
        case .update(let update):
            call.type = .update
            call.update.update.frameworkID.value = update.frameworkID.value
            call.update.update.status = update.status.proto
            if let latest = update.latestState { call.update.update.latestState = latest.proto }
        case .executorExited(let frameworkID, let executorID, let status):
            call.type = .executorExited
            call.executorExited.frameworkID.value = frameworkID.value
            call.executorExited.executorID.value = executorID.value
            if let status { call.executorExited.status = status }
        case .message(let frameworkID, let executorID, let data):
            call.type = .message
            call.message.frameworkID.value = frameworkID.value
            call.message.executorID.value = executorID.value
            call.message.data = Data(data)
        }
        return call
    }

    static func executorEvent(_ event: ExecutorEvent, agent: AgentDescriptor) -> ExecutorEventMessage {
        var message = ExecutorEventMessage()
        switch event {
        case .subscribed(let executor, let framework, let agentID, let containerID):
            message.type = .subscribed
            message.subscribed.executorInfo = Self.executorInfo(executor, frameworkID: framework.id)
            message.subscribed.frameworkInfo = framework.proto
            var info = agent.proto
            info.id.value = agentID.value
            message.subscribed.agentInfo = info
            message.subscribed.containerID.value = containerID.value
        case .launch(let task):
            message.type = .launch
            message.launch.task = task.proto
        case .launchGroup(let tasks):
            message.type = .launchGroup
            message.launchGroup.taskGroup.tasks = tasks.map(\.proto)
        case .kill(let taskID, let grace):
            message.type = .kill
            message.kill.taskID.value = taskID.value
            if let grace { message.kill.killPolicy.gracePeriod.nanoseconds = Int64(grace.seconds * 1e9) }
        case .acknowledged(let taskID, let uuid):
            message.type = .acknowledged
            message.acknowledged.taskID.value = taskID.value
            message.acknowledged.uuid = Data(uuid)
        case .message(let data):
            message.type = .message
            message.message.data = Data(data)
        case .shutdown:
            message.type = .shutdown
        case .error(let text):
            message.type = .error
            message.error.message = text
        case .heartbeat:
            message.type = .heartbeat
        }
        return message
    }

    /// The ExecutorInfo an executor sees; the command executor gets one named as in Mesos.
    static func executorInfo(_ spec: ExecutorSpec, frameworkID: FrameworkID?) -> ProtoExecutorInfo {
        var info = spec.proto
        if spec.payload.isEmpty {
            info.name = "Command Executor (Task: \(spec.executorID))"
            info.source = spec.executorID.value
        }
        if let frameworkID { info.frameworkID.value = frameworkID.value }
        return info
    }
}

/// A RUN_TASKS event read into model values: the tasks that could be read, and why the
/// others could not.
struct DecodedRunTasks {
    var framework: FrameworkDescriptor
    var executor: ExecutorSpec?
    var tasks: [TaskSpec] = []
    var rejected: [(taskID: TaskID, message: String)] = []
}

extension AgentWire {
    /// Reads RUN_TASKS. A task that cannot be read is rejected with the reason; when the
    /// executor cannot be read, or one task of a group cannot, every task is.
    static func runTasks(_ run: AgentEventMessage.RunTasks) -> DecodedRunTasks {
        var decoded = DecodedRunTasks(framework: FrameworkDescriptor(proto: run.frameworkInfo))
        do {
            decoded.executor = run.hasExecutor ? try ExecutorSpec(proto: run.executor) : nil
        } catch {
            decoded.rejected = run.tasks.map { (TaskID($0.taskID.value), "Agent cannot read the task's executor: \(error)") }
            return decoded
        }
        for info in run.tasks {
            do {
                decoded.tasks.append(try TaskSpec(proto: info))
            } catch {
                decoded.rejected.append((TaskID(info.taskID.value), "Agent cannot read the task: \(error)"))
            }
        }
        if run.taskGroup && !decoded.rejected.isEmpty {
            let why = "Agent cannot read a task of the group: \(decoded.rejected[0].message)"
            decoded.rejected += decoded.tasks.map { ($0.taskID, why) }
            decoded.tasks = []
        }
        return decoded
    }
}
