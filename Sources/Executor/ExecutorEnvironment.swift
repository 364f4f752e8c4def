import AgoraModel

/// What the agent tells an executor through its environment (reference/mesos.md §3.2).
public struct ExecutorEnvironment: Sendable {
    /// `ip:port` of the agent (MESOS_AGENT_ENDPOINT).
    public var agentEndpoint: String
    public var frameworkID: FrameworkID
    public var executorID: ExecutorID
    /// The sandbox (MESOS_SANDBOX, else MESOS_DIRECTORY).
    public var sandbox: String
    public var checkpoint: Bool
    /// MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD, parsed from stout's `5secs` form.
    public var shutdownGracePeriod: Duration

    /// Reads the environment; names the first missing variable.
    public init(_ environment: [String: String]) throws(WireErrorMessage) {
        func require(_ name: String) throws(WireErrorMessage) -> String {
            guard let value = environment[name], !value.isEmpty else { throw WireErrorMessage("Missing \(name) in the environment") }
            return value
        }
        self.agentEndpoint = try require("MESOS_AGENT_ENDPOINT")
        self.frameworkID = FrameworkID(try require("MESOS_FRAMEWORK_ID"))
        self.executorID = ExecutorID(try require("MESOS_EXECUTOR_ID"))
        self.sandbox = environment["MESOS_SANDBOX"] ?? environment["MESOS_DIRECTORY"] ?? "."
        self.checkpoint = environment["MESOS_CHECKPOINT"] == "1"
        self.shutdownGracePeriod = Self.parseStoutDuration(environment["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"]) ?? .seconds(5)
    }

    /// The agent's executor API endpoint.
    public var apiURL: String { "http://\(self.agentEndpoint)/api/v1/executor" }

    /// `5secs`, `500ms`, `2mins`, `1hrs`, `3days`, `1weeks` → Duration.
    static func parseStoutDuration(_ text: String?) -> Duration? {
        guard let text else { return nil }
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("ms", 1e-3), ("secs", 1), ("mins", 60), ("hrs", 3600),
                                         ("days", 86_400), ("weeks", 604_800)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)) else { return nil }
            return .seconds(fractional: value * scale)
        }
        return nil
    }
}

/// A plain error with a message, for executor setup problems.
public struct WireErrorMessage: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
