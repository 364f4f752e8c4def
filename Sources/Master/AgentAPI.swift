import AgoraHTTP
import AgoraModel
import AgoraServer
import AgoraWire
import HTTPTypes
import Hummingbird
import MasterCore

/// `POST /api/v1/agent`: Agora's internal agent protocol. SUBSCRIBE opens the agent's
/// event stream; every other call names the agent and carries the stream's ID.
struct AgentAPI {
    let shell: MasterShell
    let maxRequestBytes: Int
    /// `register_agents` (Mesos's ACL objects for it are ANY or NONE only).
    let authorization: MasterAuthorization

    func register(on router: Router<AgoraRequestContext>) {
        for path in ["/api/v1/agent", "/master/api/v1/agent"] {
            router.post(RouterPath(path), use: self.handle)
            router.rejectMethodsOtherThanPost(on: path)
        }
    }

    func handle(_ request: Request, context: AgoraRequestContext) async throws -> Response {
        if let refusal = await self.shell.routing.refusal(for: request) { return refusal }
        var request = request
        let decoded: V1Request.Decoded<AgentCallMessage>
        switch try await V1Request.decode(AgentCallMessage.self, from: &request, limit: self.maxRequestBytes) {
        case .failure(let error): return error.response
        case .success(let value): decoded = value
        }
        let call = decoded.message
        if call.type == .subscribe {
            guard call.hasSubscribe else { return .text(.badRequest, "Expecting 'subscribe' to be present") }
            return await self.subscribe(call.subscribe, context: context, encoding: decoded.encoding)
        }
        guard call.hasAgentID else { return .text(.badRequest, "Expecting 'agent_id' to be present") }
        let model: AgentCall
        do { model = try AgentProtocolWire.call(call) } catch { return .text(.badRequest, error.message) }
        let result = await self.shell.agentCall(model, from: AgentID(call.agentID.value), streamID: request.header("Mesos-Stream-Id"))
        return result?.response ?? .text(.serviceUnavailable, "Master lost leadership before the call took effect")
    }

    private func subscribe(_ subscribe: AgentCallMessage.Subscribe, context: AgoraRequestContext, encoding: MessageEncoding) async -> Response {
        let ip = context.remoteIP ?? "127.0.0.1"
        guard self.authorization.allows("register_agents", principal: context.principal) else {
            return .text(.forbidden, "Not authorized to register agents")
        }
        do {
            guard let (connection, streamID, stream) = try await self.shell.subscribeAgent(subscribe, ip: ip, encoding: encoding)
            else { return .text(.serviceUnavailable, "No leader elected") }
            let shell = self.shell
            context.channel.closeFuture.whenComplete { _ in
                Task { await shell.agentStreamClosed(connection) }
            }
            return .stream(stream, headers: [.contentType: encoding.rawValue, .mesosStreamID: streamID])
        } catch {
            return .text(.badRequest, error.message)
        }
    }
}
