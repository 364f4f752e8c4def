import AgoraModel
import AgoraWire
import Foundation
import MasterCore

/// Writes the core's framework events as scheduler Event messages.
struct FrameworkEventWriter {
    /// What the master says about itself in SUBSCRIBED.
    var masterInfo: Agora_V1_MasterInfo
    /// The receiving framework's capabilities decide how offers look.
    var capabilities: Set<FrameworkCapability>
    /// Unix time now; stamps statuses that carry no timestamp.
    var wallClock: Double

    func message(for event: FrameworkEvent) -> SchedulerEventMessage {
        var message = SchedulerEventMessage()
        switch event {
        case .subscribed(let id, let interval):
            message.type = .subscribed
            message.subscribed.frameworkID.value = id.value
            message.subscribed.heartbeatIntervalSeconds = interval.seconds
            message.subscribed.masterInfo = self.masterInfo
        case .offers(let offers):
            message.type = .offers
            message.offers.offers = offers.map { $0.proto(for: self.capabilities) }
        case .rescind(let offerID):
            message.type = .rescind
            message.rescind.offerID.value = offerID.value
        case .update(let status):
            message.type = .update
            message.update.status = self.stamped(status).proto
        case .message(let agentID, let executorID, let data):
            message.type = .message
            message.message.agentID.value = agentID.value
            message.message.executorID.value = executorID.value
            message.message.data = Data(data)
        case .failure(let agentID, let executorID, let status):
            message.type = .failure
            message.failure.agentID.value = agentID.value
            if let executorID { message.failure.executorID.value = executorID.value }
            if let status { message.failure.status = status }
        case .error(let text):
            message.type = .error
            message.error.message = text
        case .heartbeat:
            message.type = .heartbeat
        }
        return message
    }

    private func stamped(_ status: TaskStatus) -> TaskStatus {
        guard status.timestamp == nil else { return status }
        var stamped = status
        stamped.timestamp = self.wallClock
        return stamped
    }
}
