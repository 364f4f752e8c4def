import AgoraModel

/// The agent's state machine: frameworks, executors, their tasks and the reliable status
/// update streams. Pure: inputs arrive with `now`, directives go out (spawn, kill, events to
/// executors, calls to the master). Randomness (update UUIDs, container IDs) comes from a
/// seeded generator the shell provides.
public struct AgentCore: Sendable {
    public internal(set) var configuration: AgentConfiguration
    public internal(set) var agent: AgentDescriptor
    public internal(set) var link: MasterLink = .disconnected
    public internal(set) var frameworks: [FrameworkID: FrameworkDescriptor] = [:]
    public internal(set) var executors: [FrameworkID: [ExecutorID: ExecutorRecord]] = [:]
    public internal(set) var completedExecutors: [ExecutorRecord] = []
    /// Frameworks the master removed: their executors are shut down and their updates
    /// dropped, since no one will ever acknowledge them.
    public internal(set) var removedFrameworks: Set<FrameworkID> = []
    var updates: StatusUpdateStreams
    var outbox: MasterOutbox
    /// What the checkpoint holds already (nothing is rewritten unchanged).
    var checkpointedAgent: AgentDescriptor?
    var checkpointedFrameworks: [FrameworkID: FrameworkDescriptor] = [:]
    var executorByConnection: [ConnectionID: (FrameworkID, ExecutorID)] = [:]
    var executorByContainer: [ContainerID: (FrameworkID, ExecutorID)] = [:]
    var random: SplitMix64
    var nextMasterHeartbeat: MonotonicInstant = .zero
    var masterHeartbeatInterval: Duration = .seconds(2)
    var nextExecutorHeartbeat: MonotonicInstant

    public init(configuration: AgentConfiguration, agent: AgentDescriptor, seed: UInt64) {
        self.configuration = configuration
        self.agent = agent
        self.random = SplitMix64(seed: seed)
        self.nextExecutorHeartbeat = .zero + configuration.executorHeartbeatInterval
        self.updates = StatusUpdateStreams(retryMin: configuration.statusUpdateRetryMin, retryMax: configuration.statusUpdateRetryMax)
        self.outbox = MasterOutbox(retryMin: configuration.callRetryMin, retryMax: configuration.callRetryMax)
    }

    /// The agent's server is bound at `ip:port`: executors will be told to reach it there.
    public mutating func listening(ip: String, port: Int) {
        self.configuration.endpoint = "\(ip):\(port)"
        self.agent.ip = ip
        self.agent.port = port
    }

    public var agentID: AgentID? {
        if case .registered(let id) = self.link { return id }
        return self.agent.id
    }

    var isRegistered: Bool {
        if case .registered = self.link { return true }
        return false
    }

    /// A random version-4 UUID, as 16 bytes.
    mutating func newUUID() -> [UInt8] {
        var bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: self.random.next()) { Array($0) } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }

    /// A new container ID in the UUID text form.
    mutating func newContainerID() -> ContainerID {
        let hex = self.newUUID().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return ContainerID(parts.joined(separator: "-"))
    }

    public func executor(_ frameworkID: FrameworkID, _ executorID: ExecutorID) -> ExecutorRecord? {
        self.executors[frameworkID]?[executorID]
    }

    /// The executor running in a container, if any.
    public func executorByContainerID(_ containerID: ContainerID) -> ExecutorRecord? {
        guard let (frameworkID, executorID) = self.executorByContainer[containerID] else { return nil }
        return self.executor(frameworkID, executorID)
    }

    /// Status updates of the executor's tasks the framework has not acknowledged yet (a
    /// terminated executor is retired only once there are none).
    public func unacknowledgedUpdates(of record: ExecutorRecord) -> Int {
        record.tasks.keys.reduce(0) { $0 + self.updates.pending(.init(frameworkID: record.frameworkID, taskID: $1)).count }
    }

    /// The sandbox of a container (reference/mesos.md §3.2 layout).
    func sandbox(frameworkID: FrameworkID, executorID: ExecutorID, containerID: ContainerID) -> String {
        let agent = self.agentID?.value ?? "unregistered"
        return "\(self.configuration.workDir)/slaves/\(agent)/frameworks/\(frameworkID)/executors/\(executorID)/runs/\(containerID)"
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - self.count)) + self
    }
}
