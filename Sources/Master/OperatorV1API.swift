import AgoraHTTP
import AgoraModel
import AgoraServer
import AgoraWire
import HTTPTypes
import Hummingbird
import MasterCore

/// `POST /api/v1` (also `/master/api/v1`, and `/api/v1/operator` by Mesos's prefix
/// routing): the Mesos v1 operator API, JSON or protobuf, plus Agora's extensions
/// (KILL_TASK, EXPLAIN_ALLOCATION). Checks run in Mesos's order: method (405), content
/// type (400/415), body (400/413), Accept (406), call structure (400); then calls about
/// the cluster need the leader (307 to it, or 503), while calls about the master itself
/// (health, flags, version, metrics, master info) are answered by any master.
struct OperatorV1API {
    let shell: MasterShell
    let maxRequestBytes: Int
    let authorization: MasterAuthorization

    func register(on router: Router<AgoraRequestContext>) {
        for path in ["/api/v1", "/master/api/v1", "/api/v1/operator", "/master/api/v1/operator"] {
            router.post(RouterPath(path), use: self.handle)
            router.rejectMethodsOtherThanPost(on: path)
        }
    }

    func handle(_ request: Request, context: AgoraRequestContext) async throws -> Response {
        var request = request
        let decoded: V1Request.Decoded<OperatorCallMessage>
        switch try await V1Request.decode(OperatorCallMessage.self, from: &request, limit: self.maxRequestBytes) {
        case .failure(let error): return error.response
        case .success(let value): decoded = value
        }
        guard let accept = MessageEncoding.negotiate(accept: request.header("Accept")) else {
            return .text(.notAcceptable, "Expecting 'Accept' to allow application/json or application/x-protobuf")
        }
        if decoded.message.hasType && decoded.message.type == .unknown {
            return .text(.notImplemented, "Received an unknown call type")
        }
        let operatorRequest: OperatorRequest
        do { operatorRequest = try OperatorCallReader.read(decoded.message) } catch { return .text(.badRequest, error.message) }
        if case .read(let type) = operatorRequest, type.servedByStandby {
            return await self.read(type, encoding: accept, viewer: context.principal)
        }
        if let refusal = await self.shell.routing.refusal(for: request) { return refusal }
        return await self.serve(operatorRequest, encoding: accept, context: context)
    }

    private func serve(_ request: OperatorRequest, encoding: MessageEncoding, context: AgoraRequestContext) async -> Response {
        switch request {
        case .read(let type):
            return await self.read(type, encoding: encoding, viewer: context.principal)
        case .change(let call):
            if self.authorization.isEnforcing,
                let refusal = self.authorization.refusal(of: call, principal: context.principal, in: await self.shell.core)
            {
                return .text(.forbidden, refusal)
            }
            guard let result = await self.shell.operatorCall(call) else { return Self.lostLeadership }
            switch result {
            case .ok: return .text(.ok)
            case .badRequest(let message): return .text(.badRequest, message)
            case .notFound(let message): return .text(.notFound, message)
            }
        case .subscribe:
            guard let (connection, stream) = await self.shell.subscribeOperator(
                encoding: encoding, principal: context.principal, authorization: self.authorization)
            else { return Self.lostLeadership }
            let shell = self.shell
            context.channel.closeFuture.whenComplete { _ in
                Task { await shell.operatorStreamClosed(connection) }
            }
            return .stream(stream, headers: [.contentType: encoding.rawValue])
        case .explain(let role, let frameworkID, let demand):
            guard let (explanation, wire, now) = await self.shell.explainAllocation(role: role, frameworkID: frameworkID, demand: demand)
            else { return Self.lostLeadership }
            var response = OperatorResponseMessage()
            response.type = .explainAllocation
            response.explainAllocation = wire.explanation(explanation, now: now)
            return .encoded(response, encoding: encoding)
        case .unsupported(let message):
            return .text(.notImplemented, message)
        }
    }

    /// A read call, as `viewer` may see it: GET_FLAGS needs `view_flags` and GET_METRICS
    /// `get_endpoints` on /metrics/snapshot (403 without); the state is filtered.
    private func read(_ type: OperatorCallMessage.TypeEnum, encoding: MessageEncoding, viewer: String?) async -> Response {
        if type == .getFlags && !self.authorization.allows("view_flags", principal: viewer) {
            return .text(.forbidden, "Not authorized to view the flags")
        }
        if type == .getMetrics && !self.authorization.allows("get_endpoints", principal: viewer, object: "/metrics/snapshot") {
            return .text(.forbidden, "Not authorized to GET /metrics/snapshot")
        }
        var snapshot = await self.shell.operatorSnapshot(includingMetrics: type == .getMetrics)
        snapshot.core = self.authorization.view(snapshot.core, principal: viewer)
        let response = OperatorReads(snapshot: snapshot, settings: self.shell.settings).response(for: type)
        return .encoded(response, encoding: encoding)
    }

    private static let lostLeadership = Response.text(.serviceUnavailable, "Master is not leading")
}
