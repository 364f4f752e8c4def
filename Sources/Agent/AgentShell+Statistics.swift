import AgentCore
import AgoraModel
import AgoraPosix
import AgoraWire

#if canImport(Glibc)
import Glibc
#endif

extension AgentShell {
    /// Usage and limits of every running container: from its cgroups, or from /proc for a
    /// container without them (`--isolation none`, posix isolators). Backs
    /// `/monitor/statistics` and is what the v1 operator API's `GET_CONTAINERS` reports.
    func containerStatistics() -> [ContainerStatistics] {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let timestamp = Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        return self.containers.keys.sorted().compactMap { containerID in
            guard let record = self.core.executorByContainerID(containerID), let pid = self.containers[containerID] else { return nil }
            let (name, source) = Self.executorNaming(record)
            return ContainerStatistics(
                frameworkID: record.frameworkID, executorID: record.executorID, executorName: name, source: source,
                containerID: containerID, statistics: self.statistics(of: record, pid: pid, at: timestamp))
        }
    }

    private func statistics(of record: ExecutorRecord, pid: pid_t, at timestamp: Double) -> ResourceStatistics {
        let allocation = self.containerizer.allocation(for: record.resources, isCommandExecutor: record.isCommandExecutor)
        var statistics = ResourceStatistics(timestamp: timestamp, cpusLimit: allocation.cpus, memLimitBytes: allocation.memoryBytes)
        let processes = ProcessUsage.of(tree: pid)
        statistics.threads = processes.threads
        if let cgroups = self.cgroups[record.containerID] {
            let usage = cgroups.usage
            statistics.cpusUserTimeSecs = usage.userSeconds ?? processes.userSeconds
            statistics.cpusSystemTimeSecs = usage.systemSeconds ?? processes.systemSeconds
            statistics.memRSSBytes = usage.memoryBytes ?? processes.rssBytes
            statistics.memLimitBytes = usage.memoryLimitBytes ?? allocation.memoryBytes
            statistics.memMaxBytes = usage.memoryPeakBytes
            statistics.processes = usage.processes
            if cgroups.directories[.memory] != nil { statistics.oomKills = usage.oomKills }
        } else {
            statistics.cpusUserTimeSecs = processes.userSeconds
            statistics.cpusSystemTimeSecs = processes.systemSeconds
            statistics.memRSSBytes = processes.rssBytes
            statistics.processes = processes.processes
        }
        return statistics
    }

    /// Mesos's executor_name and source: the ExecutorInfo's, and for the command executor
    /// "Command Executor (Task: <id>)" and the task's ID.
    private static func executorNaming(_ record: ExecutorRecord) -> (name: String, source: String) {
        if record.isCommandExecutor {
            let taskID = record.tasks.keys.sorted().first?.value ?? record.executorID.value
            return ("Command Executor (Task: \(taskID))", taskID)
        }
        do {
            let info = try ProtoExecutorInfo(serializedBytes: record.spec.payload.bytes, partial: true)
            return (info.name, info.source)
        } catch {
            // The agent decoded this ExecutorInfo to launch it; should it not decode now,
            // the ID still names the executor.
            return (record.executorID.value, "")
        }
    }
}
