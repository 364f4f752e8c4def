import AgoraHTTP
import AgoraModel
import MasterCore

/// `/metrics/snapshot`: a flat map of Mesos metric names to numbers.
struct MasterMetricsJSON {
    let core: MasterCore
    let uptimeSeconds: Double
    let lastAllocationMilliseconds: Double
    let isElected: Bool
    /// Open operator API event streams (SUBSCRIBE on `/api/v1`).
    var operatorSubscribers = 0

    func render() -> JSONValue {
        .object(self.values().map { ($0.0, .double($0.1)) })
    }

    /// Every metric, in a stable order (also GET_METRICS and the Prometheus gauges).
    func values() -> [(String, Double)] {
        var values: [(String, Double)] = [
            ("master/uptime_secs", self.uptimeSeconds),
            ("master/elected", self.isElected ? 1 : 0),
            ("master/operator_event_stream_subscriptions", Double(self.operatorSubscribers)),
        ]
        values += self.agentCounts()
        values += self.frameworkCounts()
        values += self.taskCounts()
        values += self.resourceGauges()
        let metrics = self.core.metrics
        values += [
            ("master/outstanding_offers", Double(self.core.offers.count)),
            ("master/slave_registrations", Double(metrics.agentRegistrations)),
            ("master/slave_reregistrations", Double(metrics.agentReregistrations)),
            ("master/slave_removals", Double(metrics.agentRemovals)),
            ("master/frameworks_removals", Double(metrics.frameworkRemovals)),
            ("master/valid_status_updates", Double(metrics.validStatusUpdates)),
            ("master/invalid_status_updates", Double(metrics.invalidStatusUpdates)),
            ("master/messages_decline_offers", Double(metrics.offersDeclined)),
            ("master/offers_rescinded", Double(metrics.offersRescinded)),
            ("master/dropped_messages", 0),
            ("master/event_queue_messages", 0),
            ("master/event_queue_dispatches", 0),
            ("master/event_queue_http_requests", 0),
            ("allocator/mesos/allocation_runs", Double(metrics.allocationRuns)),
            ("allocator/mesos/allocation_run_ms", self.lastAllocationMilliseconds),
            ("allocator/mesos/event_queue_dispatches", 0),
            ("allocator/mesos/offers_made", Double(metrics.offersMade)),
            ("allocator/mesos/offer_filters/active", Double(self.core.allocator.filterCount)),
        ]
        values += self.allocatorResources()
        return values
    }

    private func agentCounts() -> [(String, Double)] {
        let agents = Array(self.core.agents.values)
        let connected = agents.filter(\.isConnected).count
        let unreachable = agents.filter { !$0.isReachable }.count
        let recovering = agents.filter(\.isRecovering).count
        return [
            ("master/slaves_recovered", Double(recovering)),
            ("master/slaves_active", Double(connected)),
            ("master/slaves_connected", Double(connected)),
            ("master/slaves_disconnected", Double(agents.count - connected - unreachable - recovering)),
            ("master/slaves_inactive", Double(agents.count - connected)),
            ("master/slaves_unreachable", Double(unreachable)),
        ]
    }

    private func frameworkCounts() -> [(String, Double)] {
        let frameworks = Array(self.core.frameworks.values)
        let connected = frameworks.filter(\.isConnected).count
        return [
            ("master/frameworks_active", Double(connected)),
            ("master/frameworks_connected", Double(connected)),
            ("master/frameworks_disconnected", Double(frameworks.count - connected)),
            ("master/frameworks_inactive", Double(frameworks.count - connected)),
        ]
    }

    /// Tasks by current state; terminal states count every task that ended so, whether its
    /// last update is still waiting for the acknowledgement or it was retired since.
    private func taskCounts() -> [(String, Double)] {
        var counts: [TaskState: Int] = self.core.metrics.tasksByTerminalState
        for framework in self.core.frameworks.values {
            for task in framework.tasks.values { counts[task.state, default: 0] += 1 }
            counts[.unreachable, default: 0] += framework.unreachableTasks.count
        }
        return TaskState.allCases.sorted { $0.name < $1.name }.map { state in
            ("master/tasks_" + state.name.dropFirst("TASK_".count).lowercased(), Double(counts[state] ?? 0))
        }
    }

    private func resourceGauges() -> [(String, Double)] {
        let total = self.core.agents.values.filter(\.isConnected).reduce(Resources()) { $0 + $1.info.resources }
        let used = self.core.usedResourcesOfConnectedAgents
        return ["cpus", "mem", "disk", "gpus"].flatMap { name -> [(String, Double)] in
            let totalAmount = total.scalar(name).doubleValue
            let usedAmount = used.scalar(name).doubleValue
            return [
                ("master/\(name)_total", totalAmount),
                ("master/\(name)_used", usedAmount),
                ("master/\(name)_percent", totalAmount > 0 ? usedAmount / totalAmount : 0),
            ]
        }
    }

    private func allocatorResources() -> [(String, Double)] {
        let totals = self.core.allocator.totals
        let held = self.core.agents.keys.reduce(Resources()) { sum, agentID in
            sum + self.core.allocator.total(of: agentID) - self.core.allocator.available(on: agentID)
        }
        return totals.entries.flatMap { entry in
            [
                ("allocator/mesos/resources/\(entry.name)/total", entry.amount.doubleValue),
                ("allocator/mesos/resources/\(entry.name)/offered_or_allocated", held.scalar(entry.name).doubleValue),
            ]
        }
    }
}
