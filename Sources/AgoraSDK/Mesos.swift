@_exported import AgoraProto
// Types of the SDK's own API that live in lower modules.
@_exported import enum AgoraHTTP.MessageEncoding
@_exported import struct AgoraHTTPClient.V1CallError
import Foundation

/// The Mesos v1 wire types a framework works with, under short names:
/// `Mesos.Offer`, `Mesos.TaskInfo`, `Mesos.TaskStatus`, ...
public enum Mesos {
    public typealias FrameworkInfo = Agora_V1_FrameworkInfo
    public typealias FrameworkID = Agora_V1_FrameworkID
    public typealias Offer = Agora_V1_Offer
    public typealias OfferID = Agora_V1_OfferID
    public typealias Operation = Agora_V1_Offer.Operation
    public typealias AgentID = Agora_V1_AgentID
    public typealias TaskID = Agora_V1_TaskID
    public typealias ExecutorID = Agora_V1_ExecutorID
    public typealias TaskInfo = Agora_V1_TaskInfo
    public typealias TaskGroupInfo = Agora_V1_TaskGroupInfo
    public typealias ExecutorInfo = Agora_V1_ExecutorInfo
    public typealias CommandInfo = Agora_V1_CommandInfo
    public typealias TaskStatus = Agora_V1_TaskStatus
    public typealias TaskState = Agora_V1_TaskState
    public typealias Resource = Agora_V1_Resource
    public typealias Attribute = Agora_V1_Attribute
    public typealias HealthCheck = Agora_V1_HealthCheck
    public typealias Environment = Agora_V1_Environment
    public typealias URI = Agora_V1_CommandInfo.URI
    public typealias Labels = Agora_V1_Labels
    public typealias MasterInfo = Agora_V1_MasterInfo
    public typealias Filters = Agora_V1_Filters
    public typealias KillPolicy = Agora_V1_KillPolicy
    public typealias Label = Agora_V1_Label
    public typealias Call = Agora_V1_Scheduler_Call
    public typealias Event = Agora_V1_Scheduler_Event
}

extension Agora_V1_TaskState {
    /// No further state can follow.
    public var isTerminal: Bool {
        switch self {
        case .taskFinished, .taskFailed, .taskKilled, .taskError, .taskLost, .taskDropped, .taskGone, .taskGoneByOperator: true
        default: false
        }
    }

    /// The Mesos name, e.g. `TASK_RUNNING`.
    public var name: String {
        ProtoSchemas.enums["agora.v1.TaskState"]?[self.rawValue] ?? "\(self)"
    }
}
