/// A task's `HealthCheck` (mesos.proto), as the command executor runs it.
struct HealthCheckSpec: Sendable {
    enum Kind: Sendable {
        /// GET `path` on 127.0.0.1:`port`; healthy on one of `statuses` (default 200-399).
        case http(port: Int, path: String, scheme: String, statuses: [Int])
        /// A TCP connection to 127.0.0.1:`port` succeeds.
        case tcp(port: Int)
        /// The command exits 0.
        case command(CheckCommand)
    }

    /// A COMMAND check's CommandInfo.
    struct CheckCommand: Sendable {
        var shell = true
        var value: String?
        var arguments: [String] = []
        var environment: [(String, String)] = []
    }

    var kind: Kind
    var delaySeconds = 15.0
    var intervalSeconds = 10.0
    var timeoutSeconds = 20.0
    var consecutiveFailures = 3
    var gracePeriodSeconds = 10.0

    /// HealthCheck: http(1){port 1, path 2, scheme 3, statuses 4}, delay_seconds(2),
    /// interval_seconds(3), timeout_seconds(4), consecutive_failures(5),
    /// grace_period_seconds(6), command(7), type(8: COMMAND 1, HTTP 2, TCP 3), tcp(9){port 1}.
    static func decode(_ bytes: ArraySlice<UInt8>) throws -> HealthCheckSpec? {
        var type: UInt64?
        var http: ArraySlice<UInt8>?
        var tcp: ArraySlice<UInt8>?
        var command: ArraySlice<UInt8>?
        var spec = HealthCheckSpec(kind: .tcp(port: 0))
        try ProtoReader.forEach(bytes) { field, value in
            switch field {
            case 1: http = value.slice
            case 2: spec.delaySeconds = value.double
            case 3: spec.intervalSeconds = value.double
            case 4: spec.timeoutSeconds = value.double
            case 5: spec.consecutiveFailures = Int(value.integer)
            case 6: spec.gracePeriodSeconds = value.double
            case 7: command = value.slice
            case 8: type = value.integer
            case 9: tcp = value.slice
            default: break
            }
        }
        // Without a type (older schedulers), whichever check is present.
        switch type ?? (http != nil ? 2 : command != nil ? 1 : tcp != nil ? 3 : 0) {
        case 1: spec.kind = .command(try Self.command(command ?? []))
        case 2: spec.kind = try Self.http(http ?? [])
        case 3: spec.kind = .tcp(port: Int(try Self.port(tcp ?? [])))
        default: return nil
        }
        return spec
    }

    private static func http(_ bytes: ArraySlice<UInt8>) throws -> Kind {
        var port = 0
        var path = "/"
        var scheme = "http"
        var statuses: [Int] = []
        try ProtoReader.forEach(bytes) { field, value in
            switch field {
            case 1: port = Int(value.integer)
            case 2: path = value.string.hasPrefix("/") ? value.string : "/" + value.string
            case 3: scheme = value.string
            case 4: statuses.append(Int(value.integer))
            default: break
            }
        }
        return .http(port: port, path: path, scheme: scheme, statuses: statuses)
    }

    private static func port(_ bytes: ArraySlice<UInt8>) throws -> UInt64 {
        var port: UInt64 = 0
        try ProtoReader.forEach(bytes) { field, value in if field == 1 { port = value.integer } }
        return port
    }

    private static func command(_ bytes: ArraySlice<UInt8>) throws -> CheckCommand {
        var launch = TaskLaunch()
        try launch.readCommand(bytes)
        return CheckCommand(shell: launch.shell, value: launch.value, arguments: launch.arguments, environment: launch.environment)
    }
}
