/// Bytes of a wire message that a core carries without reading, so nothing a client sent is
/// lost on its way through (a TaskInfo's container and health check, a status's labels).
public struct WirePayload: Hashable, Sendable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }
    public var isEmpty: Bool { self.bytes.isEmpty }
}

/// A task status update (Mesos `TaskStatus`), with the fields the cores reason about.
public struct TaskStatus: Hashable, Sendable {
    public var taskID: TaskID
    public var state: TaskState
    public var message: String?
    public var source: TaskStatusSource?
    public var reason: TaskStatusReason?
    public var agentID: AgentID?
    public var executorID: ExecutorID?
    /// Seconds since the Unix epoch; the shells stamp statuses that lack one.
    public var timestamp: Double?
    /// 16 bytes on reliable updates that must be acknowledged; nil on master-generated ones.
    public var uuid: [UInt8]?
    public var healthy: Bool?
    /// When the agent became unreachable, in seconds since the epoch.
    public var unreachableTime: Double?
    /// Everything else the status carried (data, labels, check and container status).
    public var payload: WirePayload

    public init(
        taskID: TaskID,
        state: TaskState,
        message: String? = nil,
        source: TaskStatusSource? = nil,
        reason: TaskStatusReason? = nil,
        agentID: AgentID? = nil,
        executorID: ExecutorID? = nil,
        timestamp: Double? = nil,
        uuid: [UInt8]? = nil,
        healthy: Bool? = nil,
        unreachableTime: Double? = nil,
        payload: WirePayload = WirePayload()
    ) {
        self.taskID = taskID
        self.state = state
        self.message = message
        self.source = source
        self.reason = reason
        self.agentID = agentID
        self.executorID = executorID
        self.timestamp = timestamp
        self.uuid = uuid
        self.healthy = healthy
        self.unreachableTime = unreachableTime
        self.payload = payload
    }
}
