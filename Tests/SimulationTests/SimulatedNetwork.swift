import AgentCore
import AgoraModel
import MasterCore

/// Everything that travels between the simulated processes.
enum Message {
    /// Messages travel on (or name) the connection they were sent on; a message for a
    /// connection that has since been replaced is lost with it, as on a real stream.
    case toFramework(Int, ConnectionID, FrameworkEvent)
    case toMaster(framework: Int, ConnectionID?, SchedulerCall)
    case masterToAgent(Int, ConnectionID, AgentMessage)
    case agentToMaster(Int, ConnectionID?, OutboundCall)
    case toExecutor(agent: Int, ConnectionID, ExecutorEvent)
    case executorUpdate(agent: Int, FrameworkID, ExecutorID, TaskStatus)
    case executorSubscribe(agent: Int, FrameworkID, ExecutorID, ContainerID)
    case containerExited(agent: Int, ContainerID, Int32)
}

/// A priority queue of messages with seeded delivery delays: a deterministic network.
struct SimulatedNetwork {
    private(set) var queue: [(at: MonotonicInstant, sequence: Int, message: Message)] = []
    private var sequence = 0

    mutating func send(_ message: Message, at now: MonotonicInstant, rng: inout SplitMix64, maxDelayMilliseconds: Int = 20) {
        let delay = Duration.milliseconds(Int64(Int.random(in: 1...maxDelayMilliseconds, using: &rng)))
        self.sequence += 1
        self.queue.append((now + delay, self.sequence, message))
    }

    /// The earliest message due by `now`, in (time, send order) order.
    mutating func next(before now: MonotonicInstant) -> Message? {
        guard let index = self.queue.indices.min(by: { (self.queue[$0].at, self.queue[$0].sequence) < (self.queue[$1].at, self.queue[$1].sequence) }),
            self.queue[index].at <= now
        else { return nil }
        return self.queue.remove(at: index).message
    }

    var isEmpty: Bool { self.queue.isEmpty }

    /// A master died: what it sent or was sent is lost with its connections. Returns the
    /// agents' calls that were lost (their senders see them fail).
    mutating func dropMasterTraffic() -> [(agent: Int, call: OutboundCall)] {
        let lost: [(agent: Int, call: OutboundCall)] = self.queue.compactMap { entry in
            if case .agentToMaster(let agent, _, let call) = entry.message { return (agent, call) }
            return nil
        }
        self.queue.removeAll { entry in
            switch entry.message {
            case .toFramework, .toMaster, .masterToAgent, .agentToMaster: true
            case .toExecutor, .executorUpdate, .executorSubscribe, .containerExited: false
            }
        }
        return lost
    }
}
