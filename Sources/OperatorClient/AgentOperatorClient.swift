import AgoraHTTP
import AgoraHTTPClient
import AgoraProto
import AsyncHTTPClient

/// The v1 operator API of one agent (`POST /api/v1` on the agent), typed.
public struct AgentOperatorClient: Sendable {
    /// The agent's base URL, `http://host:port`.
    public let baseURL: String
    let client: V1Client
    let encoding: MessageEncoding
    let http: HTTPClient

    /// A client of the agent at `baseURL`.
    public init(baseURL: String, encoding: MessageEncoding = .protobuf, http: HTTPClient = .agora) {
        self.baseURL = baseURL
        self.encoding = encoding
        self.http = http
        self.client = V1Client(http: http, encoding: encoding)
    }

    /// The agent an agent record of the master describes (`pid` is `slave(1)@ip:port`).
    public init?(agent: Agora_V1_Master_Response.GetAgents.Agent, http: HTTPClient = .agora) {
        guard let address = agent.pid.split(separator: "@").last, agent.pid.contains("@") else { return nil }
        self.init(baseURL: "http://\(address)", http: http)
    }

    /// Sends `call` and decodes the agent's response.
    public func call(_ call: Agora_V1_Agent_Call) async throws(OperatorClientError) -> Agora_V1_Agent_Response {
        let url = self.baseURL + "/api/v1"
        let body: [UInt8]
        do {
            body = try await self.client.call(call, to: url).body
        } catch let error as V1CallError {
            throw OperatorClientError(error)
        } catch {
            throw OperatorClientError(kind: .transport, message: "cannot reach the agent at \(url): \(error)")
        }
        do {
            return try MessageCodec.decode(Agora_V1_Agent_Response.self, from: body, encoding: self.encoding)
        } catch {
            throw OperatorClientError(kind: .unexpected, message: "the agent's answer does not parse: \(error.message)")
        }
    }

    private func read(_ type: Agora_V1_Agent_Call.TypeEnum) async throws(OperatorClientError) -> Agora_V1_Agent_Response {
        try await self.call(Agora_V1_Agent_Call.with { $0.type = type })
    }

    /// GET_HEALTH.
    public func health() async throws(OperatorClientError) -> Bool { try await self.read(.getHealth).getHealth.healthy }

    /// GET_FLAGS.
    public func flags() async throws(OperatorClientError) -> [Agora_V1_Flag] { try await self.read(.getFlags).getFlags.flags }

    /// GET_VERSION.
    public func version() async throws(OperatorClientError) -> Agora_V1_VersionInfo {
        try await self.read(.getVersion).getVersion.versionInfo
    }

    /// GET_METRICS: the agent's `/metrics/snapshot` values.
    public func metrics() async throws(OperatorClientError) -> [String: Double] {
        var values: [String: Double] = [:]
        for metric in try await self.read(.getMetrics).getMetrics.metrics { values[metric.name] = metric.value }
        return values
    }

    /// GET_STATE: the agent's frameworks, executors and tasks.
    public func state() async throws(OperatorClientError) -> Agora_V1_Agent_Response.GetState { try await self.read(.getState).getState }

    /// GET_CONTAINERS.
    public func containers() async throws(OperatorClientError) -> [Agora_V1_Agent_Response.GetContainers.Container] {
        try await self.read(.getContainers).getContainers.containers
    }

    /// LIST_FILES of a sandbox directory (a path from the agent's state).
    public func listFiles(_ path: String) async throws(OperatorClientError) -> [Agora_V1_FileInfo] {
        try await self.call(Agora_V1_Agent_Call.with {
            $0.type = .listFiles
            $0.listFiles.path = path
        }).listFiles.fileInfos
    }

    /// READ_FILE: up to `length` bytes of a file from `offset`, and the file's size.
    public func readFile(_ path: String, offset: UInt64, length: UInt64? = nil) async throws(OperatorClientError) -> (size: UInt64, data: [UInt8]) {
        let response = try await self.call(Agora_V1_Agent_Call.with { call in
            call.type = .readFile
            call.readFile.path = path
            call.readFile.offset = offset
            if let length { call.readFile.length = length }
        })
        return (response.readFile.size, Array(response.readFile.data))
    }
}
