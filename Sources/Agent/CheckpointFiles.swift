import AgentCore
import AgoraModel
import AgoraWire
import Foundation

/// Why the agent cannot use its checkpoint. The message says what to do about it.
public struct CheckpointError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The agent's identity as `slave.json` holds it.
struct AgentIdentityFile: Codable {
    var id: String
    var hostname: String
    var ip: String
    var port: Int
}

/// An executor run as `executor.json` holds it; the ExecutorInfo travels as protobuf.
struct ExecutorRunFile: Codable {
    var executorInfo: Data
    /// False for the executors the agent makes for command tasks (no ExecutorInfo of their own).
    var hasExecutorInfo: Bool
    var isDefaultKind: Bool
    var containerID: String
    var sandbox: String
    var isCommandExecutor: Bool
    var isGeneratedForCommandTask: Bool

    init(_ checkpoint: ExecutorCheckpoint) throws {
        self.executorInfo = try checkpoint.spec.proto.serializedData(partial: true)
        self.hasExecutorInfo = !checkpoint.spec.payload.isEmpty
        self.isDefaultKind = checkpoint.spec.kind == .default
        self.containerID = checkpoint.containerID.value
        self.sandbox = checkpoint.sandbox
        self.isCommandExecutor = checkpoint.isCommandExecutor
        self.isGeneratedForCommandTask = checkpoint.isGeneratedForCommandTask
    }

    func checkpoint(of frameworkID: FrameworkID) throws -> ExecutorCheckpoint {
        var spec = try ExecutorSpec(proto: ProtoExecutorInfo(serializedBytes: Array(self.executorInfo), partial: true))
        if !self.hasExecutorInfo { spec.payload = WirePayload() }
        spec.kind = self.isDefaultKind ? .default : .custom
        return ExecutorCheckpoint(
            frameworkID: frameworkID, spec: spec, containerID: ContainerID(self.containerID), sandbox: self.sandbox,
            isCommandExecutor: self.isCommandExecutor, isGeneratedForCommandTask: self.isGeneratedForCommandTask)
    }
}

/// Records of `task.updates`: RecordIO-framed, a tag byte then the payload.
enum UpdateLogRecord {
    case update(StatusUpdate)
    case acknowledgement([UInt8])

    static let updateTag = UInt8(ascii: "U")
    static let acknowledgementTag = UInt8(ascii: "A")

    func encoded() throws -> [UInt8] {
        switch self {
        case .update(let update):
            var message = Agora_Internal_StatusUpdate()
            message.frameworkID.value = update.frameworkID.value
            message.status = update.status.proto
            if let latest = update.latestState { message.latestState = latest.proto }
            return [Self.updateTag] + (try message.serializedBytes(partial: true))
        case .acknowledgement(let uuid):
            return [Self.acknowledgementTag] + uuid
        }
    }

    init(decoding record: [UInt8]) throws {
        guard let tag = record.first else { throw CheckpointError("empty record") }
        let body = Array(record.dropFirst())
        switch tag {
        case Self.updateTag:
            let message = try Agora_Internal_StatusUpdate(serializedBytes: body, partial: true)
            self = .update(StatusUpdate(
                frameworkID: FrameworkID(message.frameworkID.value), status: TaskStatus(proto: message.status),
                latestState: message.hasLatestState ? TaskState(proto: message.latestState) : nil))
        case Self.acknowledgementTag:
            self = .acknowledgement(body)
        default:
            throw CheckpointError("unknown record tag \(tag)")
        }
    }
}

/// Path components safe for any ID: `/` and a leading `.` are escaped, so no ID can
/// leave its directory.
enum PathComponent {
    static func safe(_ id: String) -> String {
        // Most IDs need no escaping; Foundation's replacing costs more than the file write
        // on the path of every status update.
        if let first = id.utf8.first, first != UInt8(ascii: "."), !id.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "/") }) {
            return id
        }
        var text = id.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F")
        if text.hasPrefix(".") { text = "%2E" + text.dropFirst() }
        return text.isEmpty ? "%00" : text
    }
}
