@_exported import AgoraProto

// Short names for the generated types the shells use most.
public typealias ProtoResource = Agora_V1_Resource
public typealias ProtoTaskInfo = Agora_V1_TaskInfo
public typealias ProtoTaskStatus = Agora_V1_TaskStatus
public typealias ProtoFrameworkInfo = Agora_V1_FrameworkInfo
public typealias ProtoExecutorInfo = Agora_V1_ExecutorInfo
public typealias ProtoOffer = Agora_V1_Offer
public typealias ProtoAgentInfo = Agora_V1_AgentInfo
public typealias SchedulerCallMessage = Agora_V1_Scheduler_Call
public typealias SchedulerEventMessage = Agora_V1_Scheduler_Event
public typealias ExecutorCallMessage = Agora_V1_Executor_Call
public typealias ExecutorEventMessage = Agora_V1_Executor_Event
public typealias AgentCallMessage = Agora_Internal_AgentCall
public typealias AgentEventMessage = Agora_Internal_AgentEvent

/// Why a wire message could not become a model value.
public struct WireError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { self.message }
}
