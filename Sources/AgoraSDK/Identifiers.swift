@_exported import struct AgoraModel.AgentID
@_exported import struct AgoraModel.ExecutorID
@_exported import struct AgoraModel.FrameworkID
@_exported import struct AgoraModel.OfferID
@_exported import struct AgoraModel.TaskID

extension Mesos.TaskStatus {
    /// The task's ID, typed.
    public var id: TaskID { TaskID(self.taskID.value) }
    /// The agent the status came from, if it names one.
    public var agent: AgentID? { self.hasAgentID ? AgentID(self.agentID.value) : nil }
}

extension Mesos.Offer {
    /// The offer's ID, typed.
    public var offerID: OfferID { OfferID(self.id.value) }
    /// The offering agent, typed.
    public var agent: AgentID { AgentID(self.agentID.value) }
}
