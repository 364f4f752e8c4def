/// What the command executor reads from the agent (the parts of executor `Event` it uses).
enum AgentEvent {
    case subscribed(killingStateCapable: Bool)
    /// Tasks to start; a LAUNCH_GROUP's tasks share a fate (`asGroup`).
    case launch([TaskLaunch], asGroup: Bool)
    case kill(taskID: String, gracePeriodNanoseconds: Int64?)
    case acknowledged(taskID: String, uuid: [UInt8])
    case shutdown
    case error(String)
    case other

    /// Decodes an executor Event.
    static func decode(_ bytes: [UInt8]) throws -> AgentEvent {
        var type: UInt64 = 0
        var fields: [Int: ArraySlice<UInt8>] = [:]
        try ProtoReader.forEach(bytes[...]) { field, value in
            if field == 1 { type = value.integer } else { fields[field] = value.slice }
        }
        switch type {
        case 1: return .subscribed(killingStateCapable: try Self.killingStateCapable(fields[2] ?? []))
        case 2: return .launch([try TaskLaunch.decode(try Self.field(1, of: fields[4] ?? []))], asGroup: false)
        case 8: return .launch(try Self.taskGroup(fields[8] ?? []), asGroup: true)
        case 3: return try Self.kill(fields[5] ?? [])
        case 4:
            var taskID = ""
            var uuid: [UInt8] = []
            try ProtoReader.forEach(fields[3] ?? []) { field, value in
                if field == 1 { taskID = try Self.idValue(value.slice) } else if field == 2 { uuid = Array(value.slice) }
            }
            return .acknowledged(taskID: taskID, uuid: uuid)
        case 7: return .shutdown
        case 6: return .error(String(decoding: try Self.field(1, of: fields[7] ?? []), as: UTF8.self))
        default: return .other
        }
    }

    /// Subscribed.framework_info(2).capabilities(10).type(1) == TASK_KILLING_STATE(2).
    private static func killingStateCapable(_ subscribed: ArraySlice<UInt8>) throws -> Bool {
        var capable = false
        try ProtoReader.forEach(try Self.field(2, of: subscribed)) { field, value in
            guard field == 10 else { return }
            try ProtoReader.forEach(value.slice) { inner, capability in
                if inner == 1 && capability.integer == 2 { capable = true }
            }
        }
        return capable
    }

    private static func taskGroup(_ launchGroup: ArraySlice<UInt8>) throws -> [TaskLaunch] {
        var tasks: [TaskLaunch] = []
        try ProtoReader.forEach(try Self.field(1, of: launchGroup)) { field, value in
            if field == 1 { tasks.append(try TaskLaunch.decode(value.slice)) }
        }
        return tasks
    }

    private static func kill(_ kill: ArraySlice<UInt8>) throws -> AgentEvent {
        var taskID = ""
        var grace: Int64?
        try ProtoReader.forEach(kill) { field, value in
            if field == 1 { taskID = try Self.idValue(value.slice) }
            if field == 2 { grace = try TaskLaunch.gracePeriod(of: value.slice) }
        }
        return .kill(taskID: taskID, gracePeriodNanoseconds: grace)
    }

    /// The bytes of the first `field` of a message.
    static func field(_ number: Int, of message: ArraySlice<UInt8>) throws -> ArraySlice<UInt8> {
        var result: ArraySlice<UInt8> = []
        try ProtoReader.forEach(message) { field, value in if field == number { result = value.slice } }
        return result
    }

    /// The `value` (field 1) of an ID message such as TaskID.
    static func idValue(_ id: ArraySlice<UInt8>) throws -> String {
        String(decoding: try Self.field(1, of: id), as: UTF8.self)
    }
}

/// The parts of a TaskInfo the command executor needs.
struct TaskLaunch {
    /// The TaskInfo as received, for SUBSCRIBE's unacknowledged tasks after a reconnection.
    var info: [UInt8] = []
    var taskID = ""
    var shell = true
    var value: String?
    var arguments: [String] = []
    var environment: [(String, String)] = []
    var killGracePeriodNanoseconds: Int64?
    var maxCompletionNanoseconds: Int64?
    var healthCheck: HealthCheckSpec?

    static func decode(_ task: ArraySlice<UInt8>) throws -> TaskLaunch {
        var launch = TaskLaunch()
        launch.info = Array(task)
        try ProtoReader.forEach(task) { field, value in
            switch field {
            case 2: launch.taskID = try AgentEvent.idValue(value.slice)
            case 7: try launch.readCommand(value.slice)
            case 8: launch.healthCheck = try HealthCheckSpec.decode(value.slice)
            case 12: launch.killGracePeriodNanoseconds = try Self.gracePeriod(of: value.slice)
            case 14: launch.maxCompletionNanoseconds = try Self.nanoseconds(value.slice)
            default: break
            }
        }
        return launch
    }

    mutating func readCommand(_ command: ArraySlice<UInt8>) throws {
        try ProtoReader.forEach(command) { field, value in
            switch field {
            case 2: try self.readEnvironment(value.slice)
            case 3: self.value = value.string
            case 6: self.shell = value.integer != 0
            case 7: self.arguments.append(value.string)
            default: break
            }
        }
    }

    /// Environment.variables(1): name(1), value(2), type(3; 2 = SECRET, skipped).
    private mutating func readEnvironment(_ environment: ArraySlice<UInt8>) throws {
        try ProtoReader.forEach(environment) { field, value in
            guard field == 1 else { return }
            var name = ""
            var text = ""
            var isSecret = false
            try ProtoReader.forEach(value.slice) { inner, item in
                if inner == 1 { name = item.string }
                if inner == 2 { text = item.string }
                if inner == 3 && item.integer == 2 { isSecret = true }
            }
            if !isSecret { self.environment.append((name, text)) }
        }
    }

    /// KillPolicy.grace_period(1).nanoseconds(1).
    static func gracePeriod(of policy: ArraySlice<UInt8>) throws -> Int64? {
        var result: Int64?
        try ProtoReader.forEach(policy) { field, value in if field == 1 { result = try Self.nanoseconds(value.slice) } }
        return result
    }

    /// DurationInfo.nanoseconds(1).
    static func nanoseconds(_ duration: ArraySlice<UInt8>) throws -> Int64 {
        var result: Int64 = 0
        try ProtoReader.forEach(duration) { field, value in if field == 1 { result = Int64(bitPattern: value.integer) } }
        return result
    }
}

/// Writes the executor's calls (executor `Call`).
enum ExecutorCalls {
    /// SUBSCRIBE; after a broken stream it carries the TaskInfos the executor holds
    /// without an acknowledged update (1) and the updates not acknowledged (2: Update{status}).
    static func subscribe(_ environment: ExecutorEnvironment, unacknowledgedTasks: [[UInt8]] = [], unacknowledgedUpdates: [[UInt8]] = []) -> [UInt8] {
        var call = self.header(environment, type: 1)
        call.message(4) { subscribe in
            for task in unacknowledgedTasks { subscribe.bytes(1, task) }
            for status in unacknowledgedUpdates { subscribe.message(2) { $0.bytes(1, status) } }
        }
        return call.bytes
    }

    /// A TaskStatus: task_id(1), state(2), message(4), timestamp(6), executor_id(7),
    /// healthy(8), source(9) = SOURCE_EXECUTOR, reason(10), uuid(11).
    static func status(
        _ environment: ExecutorEnvironment, taskID: String, state: TaskStateCode, message: String?, reason: Int?,
        healthy: Bool? = nil, uuid: [UInt8], timestamp: Double
    ) -> [UInt8] {
        var status = ProtoWriter()
        status.message(1) { $0.string(1, taskID) }
        status.varint(2, UInt64(state.rawValue))
        if let message { status.string(4, message) }
        status.double(6, timestamp)
        status.message(7) { $0.string(1, environment.executorID) }
        if let healthy { status.bool(8, healthy) }
        status.varint(9, 2)
        if let reason { status.varint(10, UInt64(reason)) }
        status.bytes(11, uuid)
        return status.bytes
    }

    /// UPDATE carrying an encoded TaskStatus.
    static func update(_ environment: ExecutorEnvironment, status: [UInt8]) -> [UInt8] {
        var call = self.header(environment, type: 2)
        call.message(5) { $0.bytes(1, status) }
        return call.bytes
    }

    private static func header(_ environment: ExecutorEnvironment, type: UInt64) -> ProtoWriter {
        var call = ProtoWriter()
        call.message(1) { $0.string(1, environment.executorID) }
        call.message(2) { $0.string(1, environment.frameworkID) }
        call.varint(3, type)
        return call
    }
}

/// TaskState numbers (mesos.proto).
enum TaskStateCode: Int {
    case starting = 0, running = 1, finished = 2, failed = 3, killed = 4, killing = 8

    var isTerminal: Bool { self == .finished || self == .failed || self == .killed }
}
