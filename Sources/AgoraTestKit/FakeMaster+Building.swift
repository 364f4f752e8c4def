import AgoraSDK
import Foundation

extension FakeMaster {
    /// An offer of unreserved resources on `agent` (ports as one range).
    public static func offer(
        id: String = UUID().uuidString, agent: AgentID, hostname: String? = nil, cpus: Double, mem: Double, disk: Double = 0,
        ports: ClosedRange<UInt64>? = nil, attributes: [String: String] = [:], frameworkID: FrameworkID = "fake-0000"
    ) -> Mesos.Offer {
        .with {
            $0.id.value = id
            $0.frameworkID.value = frameworkID.value
            $0.agentID.value = agent.value
            $0.hostname = hostname ?? agent.value
            $0.resources = [.scalar("cpus", cpus), .scalar("mem", mem)] + (disk > 0 ? [.scalar("disk", disk)] : [])
            if let ports {
                $0.resources.append(.with { resource in
                    resource.name = "ports"
                    resource.type = .ranges
                    resource.ranges.range = [.with { $0.begin = ports.lowerBound; $0.end = ports.upperBound }]
                })
            }
            $0.attributes = attributes.sorted { $0.key < $1.key }.map { name, value in
                .with {
                    $0.name = name
                    $0.type = .text
                    $0.text.value = value
                }
            }
        }
    }

    /// A status update for `task` in `state` from `agent`, with a fresh UUID unless `reliable` is false.
    public static func status(
        _ task: TaskID, _ state: Mesos.TaskState, agent: AgentID = "agent-1", message: String = "", reliable: Bool = true,
        healthy: Bool? = nil, reason: Mesos.TaskStatus.Reason? = nil
    ) -> Mesos.TaskStatus {
        .with {
            $0.taskID.value = task.value
            $0.state = state
            $0.agentID.value = agent.value
            $0.message = message
            $0.timestamp = Date().timeIntervalSince1970
            if reliable { $0.uuid = withUnsafeBytes(of: UUID().uuid) { Data($0) } }
            if let healthy { $0.healthy = healthy }
            if let reason { $0.reason = reason }
        }
    }
}
