import AgoraModel
import AgoraProto
import Foundation

extension TaskStatus {
    /// Reads a status; fields the cores ignore stay in `payload`.
    public init(proto: ProtoTaskStatus) {
        self.init(
            taskID: TaskID(proto.taskID.value),
            state: TaskState(rawValue: proto.state.rawValue) ?? .unknown,
            message: proto.hasMessage ? proto.message : nil,
            source: proto.hasSource ? TaskStatusSource(rawValue: proto.source.rawValue) : nil,
            reason: proto.hasReason ? TaskStatusReason(rawValue: proto.reason.rawValue) : nil,
            agentID: proto.hasAgentID ? AgentID(proto.agentID.value) : nil,
            executorID: proto.hasExecutorID ? ExecutorID(proto.executorID.value) : nil,
            timestamp: proto.hasTimestamp ? proto.timestamp : nil,
            uuid: proto.hasUuid ? Array(proto.uuid) : nil,
            healthy: proto.hasHealthy ? proto.healthy : nil,
            unreachableTime: proto.hasUnreachableTime ? Double(proto.unreachableTime.nanoseconds) / 1e9 : nil,
            payload: WirePayload(Self.extraFields(of: proto)))
    }

    /// The status as a wire message, with everything the payload carried.
    public var proto: ProtoTaskStatus {
        var proto = (try? ProtoTaskStatus(serializedBytes: self.payload.bytes, partial: true)) ?? ProtoTaskStatus()
        proto.taskID.value = self.taskID.value
        proto.state = Agora_V1_TaskState(rawValue: self.state.rawValue) ?? .taskLost
        if let message { proto.message = message }
        if let source { proto.source = Agora_V1_TaskStatus.Source(rawValue: source.rawValue) ?? .master }
        if let reason, let value = Agora_V1_TaskStatus.Reason(rawValue: reason.rawValue) { proto.reason = value }
        if let agentID { proto.agentID.value = agentID.value }
        if let executorID { proto.executorID.value = executorID.value }
        if let timestamp { proto.timestamp = timestamp }
        if let uuid { proto.uuid = Data(uuid) }
        if let healthy { proto.healthy = healthy }
        if let unreachableTime { proto.unreachableTime.nanoseconds = Int64(unreachableTime * 1e9) }
        return proto
    }

    /// Data, labels, check and container status: what the model leaves to the payload.
    private static func extraFields(of proto: ProtoTaskStatus) -> [UInt8] {
        var extra = ProtoTaskStatus()
        if proto.hasData { extra.data = proto.data }
        if proto.hasLabels { extra.labels = proto.labels }
        if proto.hasCheckStatus { extra.checkStatus = proto.checkStatus }
        if proto.hasContainerStatus { extra.containerStatus = proto.containerStatus }
        if proto.hasLimitation { extra.limitation = proto.limitation }
        guard extra != ProtoTaskStatus() else { return [] }
        return (try? extra.serializedBytes(partial: true)) ?? []
    }
}

extension TaskState {
    public var proto: Agora_V1_TaskState { Agora_V1_TaskState(rawValue: self.rawValue) ?? .taskLost }
    public init(proto: Agora_V1_TaskState) { self = TaskState(rawValue: proto.rawValue) ?? .unknown }
}
