import AgoraModel
import AgoraProto

extension TaskSpec {
    /// Reads a TaskInfo; the whole message rides along in `payload`.
    public init(proto: ProtoTaskInfo) throws(WireError) {
        self.init(
            taskID: TaskID(proto.taskID.value),
            name: proto.name,
            agentID: AgentID(proto.agentID.value),
            resources: try Resources(proto: proto.resources),
            executor: proto.hasExecutor ? try ExecutorSpec(proto: proto.executor) : nil,
            hasCommand: proto.hasCommand,
            killGracePeriod: proto.hasKillPolicy && proto.killPolicy.hasGracePeriod
                ? .nanoseconds(proto.killPolicy.gracePeriod.nanoseconds) : nil,
            limits: proto.limits.mapValues(\.value),
            payload: WirePayload((try? proto.serializedBytes(partial: true)) ?? []))
        if proto.command.hasUser {
            self.user = proto.command.user
        } else if proto.executor.command.hasUser {
            self.user = proto.executor.command.user
        }
    }

    /// The TaskInfo, with resources as the master completed them (allocation roles).
    public var proto: ProtoTaskInfo {
        var proto = (try? ProtoTaskInfo(serializedBytes: self.payload.bytes, partial: true)) ?? ProtoTaskInfo()
        proto.taskID.value = self.taskID.value
        proto.name = self.name
        proto.agentID.value = self.agentID.value
        proto.resources = self.resources.proto()
        if let executor { proto.executor = executor.proto }
        return proto
    }
}

extension ExecutorSpec {
    public init(proto: ProtoExecutorInfo) throws(WireError) {
        self.init(
            executorID: ExecutorID(proto.executorID.value),
            kind: proto.type == .default ? .default : .custom,
            resources: try Resources(proto: proto.resources),
            hasCommand: proto.hasCommand,
            payload: WirePayload((try? proto.serializedBytes(partial: true)) ?? []))
    }

    public var proto: ProtoExecutorInfo {
        var proto = (try? ProtoExecutorInfo(serializedBytes: self.payload.bytes, partial: true)) ?? ProtoExecutorInfo()
        proto.executorID.value = self.executorID.value
        proto.resources = self.resources.proto()
        return proto
    }
}
