import AgentCore
import AgoraHTTP
import AgoraMetrics
import AgoraModel
import AgoraServer
import AgoraWire
import Foundation
import Hummingbird

typealias AgentOperatorCall = Agora_V1_Agent_Call
typealias AgentOperatorResponse = Agora_V1_Agent_Response

/// The agent's side of the operator API: `POST /api/v1` (also `/slave(1)/api/v1`), JSON or
/// protobuf, checked as the master's is; `/metrics/snapshot` and Prometheus `/metrics`.
/// LIST_FILES, READ_FILE and GET_CONTAINERS are in `AgentOperatorV1API+Files.swift`.
struct AgentOperatorV1API {
    let shell: AgentShell
    let files: SandboxFiles
    let metrics: AgentMetrics
    let maxRequestBytes: Int

    func register(on router: Router<AgoraRequestContext>) {
        for path in ["/api/v1", "/slave(1)/api/v1"] {
            router.post(RouterPath(path), use: self.handle)
            router.rejectMethodsOtherThanPost(on: path)
        }
        for path in ["/metrics/snapshot", "/slave(1)/metrics/snapshot"] {
            router.get(RouterPath(path)) { _, _ in
                Response.json(.object(await self.snapshot().map { ($0.0, .double($0.1)) }))
            }
        }
        let shell = self.shell
        let metrics = self.metrics
        router.addMetricsEndpoint(metrics.registry) {
            let (core, startedAt) = await (shell.core, shell.startedAt)
            metrics.refresh(core: core, uptime: Date().timeIntervalSince1970 - startedAt)
        }
    }

    private func snapshot() async -> [(String, Double)] {
        let (core, startedAt) = await (self.shell.core, self.shell.startedAt)
        return AgentMetrics.snapshot(core: core, uptime: Date().timeIntervalSince1970 - startedAt)
    }

    func handle(_ request: Request, context: AgoraRequestContext) async throws -> Response {
        var request = request
        let call: AgentOperatorCall
        switch try await V1Request.decode(AgentOperatorCall.self, from: &request, limit: self.maxRequestBytes) {
        case .failure(let error): return error.response
        case .success(let decoded): call = decoded.message
        }
        guard let encoding = MessageEncoding.negotiate(accept: request.header("Accept")) else {
            return .text(.notAcceptable, "Expecting 'Accept' to allow application/json or application/x-protobuf")
        }
        guard call.hasType else { return .text(.badRequest, "Failed to validate agent::Call: Expecting 'type' to be present") }
        return await self.respond(to: call, encoding: encoding)
    }

    private func respond(to call: AgentOperatorCall, encoding: MessageEncoding) async -> Response {
        var response = AgentOperatorResponse()
        switch call.type {
        case .unknown:
            return .text(.notImplemented, "Received an unknown call type")
        case .getHealth:
            response.type = .getHealth
            response.getHealth.healthy = true
        case .getFlags:
            response.type = .getFlags
            response.getFlags.flags = await self.flags().map { name, value in Agora_V1_Flag.with { $0.name = name; $0.value = value } }
        case .getVersion:
            response.type = .getVersion
            response.getVersion.versionInfo.version = AgentVersion.api
            response.getVersion.versionInfo.buildUser = "agora"
        case .getMetrics:
            response.type = .getMetrics
            response.getMetrics.metrics = await self.snapshot().map { name, value in Agora_V1_Metric.with { $0.name = name; $0.value = value } }
        case .getState, .getFrameworks, .getExecutors, .getTasks, .getAgent:
            response = AgentStateWire(core: await self.shell.core).response(for: call.type)
        case .listFiles:
            return await self.listFiles(call.listFiles, encoding: encoding)
        case .readFile:
            return await self.readFile(call.readFile, encoding: encoding)
        case .getContainers:
            return await self.containers(encoding: encoding)
        default:
            return .text(.notImplemented, "Call type \(Self.name(of: call.type)) is not supported by Agora")
        }
        return .encoded(response, encoding: encoding)
    }

    private func flags() async -> [(String, String)] {
        let settings = self.shell.settings
        return [
            ("hostname", settings.hostname ?? settings.host), ("ip", settings.host), ("port", String(settings.port)),
            ("master", settings.master), ("work_dir", settings.core.workDir), ("resources", settings.resources ?? ""),
            ("attributes", settings.attributes ?? ""),
        ]
    }

    /// `getContainers` → `GET_CONTAINERS`.
    static func name(of type: AgentOperatorCall.TypeEnum) -> String {
        String(describing: type).reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }
}
