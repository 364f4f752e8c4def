#if canImport(Glibc)
import Glibc
#endif

/// What the agent tells an executor through its environment (reference/mesos.md §3.2).
public struct ExecutorEnvironment: Sendable {
    /// `ip:port` of the agent (MESOS_AGENT_ENDPOINT).
    public var agentEndpoint: String
    public var frameworkID: String
    public var executorID: String
    /// The sandbox (MESOS_SANDBOX, else MESOS_DIRECTORY).
    public var sandbox: String
    public var checkpoint: Bool
    /// MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD in nanoseconds (stout's `5secs` form).
    public var shutdownGraceNanoseconds: Int64
    /// MESOS_RECOVERY_TIMEOUT: how long a checkpointing executor keeps trying to
    /// re-subscribe to an agent that went away (15 minutes unless given).
    public var recoveryTimeoutNanoseconds: Int64
    /// MESOS_SUBSCRIPTION_BACKOFF_MAX: the longest pause between those attempts (2 s).
    public var subscriptionBackoffMaxNanoseconds: Int64
    /// MESOS_EXECUTOR_AUTHENTICATION_TOKEN: sent on every call when the agent gave one.
    public var authenticationToken: String?

    /// Reads the environment; names the first missing variable.
    public init(_ environment: [String: String]) throws(ExecutorSetupError) {
        func require(_ name: String) throws(ExecutorSetupError) -> String {
            guard let value = environment[name], !value.isEmpty else { throw ExecutorSetupError("Missing \(name) in the environment") }
            return value
        }
        self.agentEndpoint = try require("MESOS_AGENT_ENDPOINT")
        self.frameworkID = try require("MESOS_FRAMEWORK_ID")
        self.executorID = try require("MESOS_EXECUTOR_ID")
        self.sandbox = environment["MESOS_SANDBOX"] ?? environment["MESOS_DIRECTORY"] ?? "."
        self.checkpoint = environment["MESOS_CHECKPOINT"] == "1"
        self.shutdownGraceNanoseconds = Self.parseStoutDuration(environment["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"]) ?? 5_000_000_000
        self.recoveryTimeoutNanoseconds = Self.parseStoutDuration(environment["MESOS_RECOVERY_TIMEOUT"]) ?? 900_000_000_000
        self.subscriptionBackoffMaxNanoseconds = Self.parseStoutDuration(environment["MESOS_SUBSCRIPTION_BACKOFF_MAX"]) ?? 2_000_000_000
        self.authenticationToken = environment["MESOS_EXECUTOR_AUTHENTICATION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `5secs`, `500ms`, `2mins`, `1hrs`, `3days`, `1weeks` → nanoseconds.
    public static func parseStoutDuration(_ text: String?) -> Int64? {
        guard let text else { return nil }
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("ms", 1e6), ("secs", 1e9), ("mins", 60e9), ("hrs", 3600e9),
                                         ("days", 86_400e9), ("weeks", 604_800e9)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0, value * scale < 9e18 else { return nil }
            return Int64(value * scale)
        }
        return nil
    }
}

/// A problem that keeps the executor from starting.
public struct ExecutorSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Writes diagnostics to stderr (the sandbox's `stderr` file).
public enum StandardError {
    public static func write(_ text: String) {
        var line = text
        line.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}
