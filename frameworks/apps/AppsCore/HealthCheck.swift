/// A health check definition (reference §3.2).
public struct HealthCheck: Hashable, Sendable, Codable {
    public enum CheckProtocol: String, Hashable, Sendable, Codable, CaseIterable {
        case http = "HTTP", https = "HTTPS", tcp = "TCP", command = "COMMAND"
        case mesosHTTP = "MESOS_HTTP", mesosHTTPS = "MESOS_HTTPS", mesosTCP = "MESOS_TCP"

        /// Run by the agent's executor (status updates carry the result) rather than by the framework.
        public var runsOnAgent: Bool { ![.http, .https, .tcp].contains(self) }
    }

    public var `protocol`: CheckProtocol
    public var path: String?
    public var portIndex: Int?
    public var port: Int?
    public var command: String?
    public var gracePeriodSeconds: Double
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var maxConsecutiveFailures: Int
    public var delaySeconds: Double
    public var ignoreHttp1xx: Bool
    public var ipProtocol: String

    public init(
        protocol: CheckProtocol = .http, path: String? = nil, portIndex: Int? = nil, port: Int? = nil,
        command: String? = nil, gracePeriodSeconds: Double = 300, intervalSeconds: Double = 60,
        timeoutSeconds: Double = 20, maxConsecutiveFailures: Int = 3, delaySeconds: Double = 15,
        ignoreHttp1xx: Bool = false, ipProtocol: String = "IPv4"
    ) {
        self.protocol = `protocol`
        self.path = path
        self.portIndex = portIndex
        self.port = port
        self.command = command
        self.gracePeriodSeconds = gracePeriodSeconds
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.maxConsecutiveFailures = maxConsecutiveFailures
        self.delaySeconds = delaySeconds
        self.ignoreHttp1xx = ignoreHttp1xx
        self.ipProtocol = ipProtocol
    }
}

/// A readiness check: during deployments, a new instance counts only once it is ready.
public struct ReadinessCheck: Hashable, Sendable, Codable {
    public var name: String
    public var `protocol`: String
    public var path: String
    public var portName: String
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var httpStatusCodesForReady: [Int]
    public var preserveLastResponse: Bool

    public init(
        name: String = "readinessCheck", protocol: String = "HTTP", path: String = "/", portName: String = "http-api",
        intervalSeconds: Double = 30, timeoutSeconds: Double = 10, httpStatusCodesForReady: [Int] = [200],
        preserveLastResponse: Bool = false
    ) {
        self.name = name
        self.protocol = `protocol`
        self.path = path
        self.portName = portName
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.httpStatusCodesForReady = httpStatusCodesForReady
        self.preserveLastResponse = preserveLastResponse
    }
}
