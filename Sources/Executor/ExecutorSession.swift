import AgoraHTTPClient
import AgoraModel
import AgoraWire
import Foundation

/// An executor's connection to its agent over the v1 executor API: subscribe, then send
/// status updates and messages. This is the library a custom Swift executor uses; Agora's
/// command executor is built on it.
public actor ExecutorSession {
    public let environment: ExecutorEnvironment
    private let client: V1Client

    public init(environment: ExecutorEnvironment, client: V1Client = V1Client()) {
        self.environment = environment
        self.client = client
    }

    /// Subscribes and returns the agent's events (SUBSCRIBED first).
    public func subscribe(
        unacknowledgedTasks: [ProtoTaskInfo] = [], unacknowledgedUpdates: [ProtoTaskStatus] = []
    ) async throws -> AsyncThrowingStream<ExecutorEventMessage, any Error> {
        var call = self.call(.subscribe)
        call.subscribe.unacknowledgedTasks = unacknowledgedTasks
        call.subscribe.unacknowledgedUpdates = unacknowledgedUpdates.map { status in
            ExecutorCallMessage.Update.with { $0.status = status }
        }
        return try await self.client.subscribe(call, to: self.environment.apiURL, expecting: ExecutorEventMessage.self).events
    }

    /// A fresh 16-byte update UUID.
    public nonisolated static func newUUID() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Sends a status update with `uuid` (fresh by default), filling in the source, the
    /// executor ID and the timestamp. Returns the UUID to match the agent's ACKNOWLEDGED
    /// against; pass your own to record it before the agent can answer.
    @discardableResult
    public func update(_ status: ProtoTaskStatus, uuid: Data = ExecutorSession.newUUID()) async throws -> Data {
        var status = status
        status.uuid = uuid
        status.source = .executor
        status.executorID.value = self.environment.executorID.value
        if !status.hasTimestamp { status.timestamp = Date().timeIntervalSince1970 }
        var call = self.call(.update)
        call.update.status = status
        try await self.client.call(call, to: self.environment.apiURL)
        return uuid
    }

    /// Sends a framework message to the scheduler.
    public func message(_ data: Data) async throws {
        var call = self.call(.message)
        call.message.data = data
        try await self.client.call(call, to: self.environment.apiURL)
    }

    private func call(_ type: ExecutorCallMessage.TypeEnum) -> ExecutorCallMessage {
        var call = ExecutorCallMessage()
        call.type = type
        call.executorID.value = self.environment.executorID.value
        call.frameworkID.value = self.environment.frameworkID.value
        return call
    }
}
