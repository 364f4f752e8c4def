import AgoraHTTP
import AgoraModel
import AgoraProto

/// One container's resource usage and limits, as `/monitor/statistics` and the v1 operator
/// API's `GET_CONTAINERS` report it (Mesos's `ResourceUsage.Executor` and `ResourceStatistics`).
public struct ContainerStatistics: Hashable, Sendable {
    public var frameworkID: FrameworkID
    public var executorID: ExecutorID
    public var executorName: String
    /// ExecutorInfo.source; the task's ID for the command executor (as Mesos).
    public var source: String
    public var containerID: ContainerID
    public var statistics: ResourceStatistics

    /// The `/monitor/statistics` entry.
    public var json: JSONValue {
        .object([
            ("executor_id", .string(self.executorID.value)),
            ("executor_name", .string(self.executorName)),
            ("framework_id", .string(self.frameworkID.value)),
            ("source", .string(self.source)),
            ("container_id", .string(self.containerID.value)),
            ("statistics", self.statistics.json),
        ])
    }
}

/// Usage of a container at `timestamp` (seconds since the epoch). Fields nobody could
/// measure are nil and left out of the JSON, as in Mesos.
public struct ResourceStatistics: Hashable, Sendable {
    public var timestamp: Double
    public var cpusUserTimeSecs: Double?
    public var cpusSystemTimeSecs: Double?
    /// The CPUs the container may use (its `cpus`, the command executor's share included).
    public var cpusLimit: Double?
    public var memRSSBytes: Int64?
    public var memLimitBytes: Int64?
    /// The most memory the container used (cgroups only).
    public var memMaxBytes: Int64?
    public var processes: Int?
    public var threads: Int?
    /// Times the kernel's OOM killer acted in the container (cgroups/mem only).
    public var oomKills: Int?

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("timestamp", .double(self.timestamp))]
        if let value = self.cpusUserTimeSecs { fields.append(("cpus_user_time_secs", .double(value))) }
        if let value = self.cpusSystemTimeSecs { fields.append(("cpus_system_time_secs", .double(value))) }
        if let value = self.cpusLimit { fields.append(("cpus_limit", .double(value))) }
        if let value = self.memRSSBytes { fields.append(("mem_rss_bytes", .int(value))) }
        if let value = self.memLimitBytes { fields.append(("mem_limit_bytes", .int(value))) }
        if let value = self.memMaxBytes { fields.append(("mem_max_bytes", .int(value))) }
        if let value = self.processes { fields.append(("processes", .int(Int64(value)))) }
        if let value = self.threads { fields.append(("threads", .int(Int64(value)))) }
        if let value = self.oomKills { fields.append(("mem_oom_kill_count", .int(Int64(value)))) }
        return .object(fields)
    }
}

extension ResourceStatistics {
    /// The v1 `ResourceStatistics` message (`GET_CONTAINERS`).
    var proto: Agora_V1_ResourceStatistics {
        var proto = Agora_V1_ResourceStatistics()
        proto.timestamp = self.timestamp
        if let value = self.cpusUserTimeSecs { proto.cpusUserTimeSecs = value }
        if let value = self.cpusSystemTimeSecs { proto.cpusSystemTimeSecs = value }
        if let value = self.cpusLimit { proto.cpusLimit = value }
        if let value = self.memRSSBytes { proto.memRssBytes = UInt64(max(0, value)) }
        if let value = self.memLimitBytes { proto.memLimitBytes = UInt64(max(0, value)) }
        if let value = self.processes { proto.processes = UInt32(clamping: value) }
        if let value = self.threads { proto.threads = UInt32(clamping: value) }
        return proto
    }
}
