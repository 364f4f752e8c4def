import AgentCore
import AgoraHTTP
import AgoraModel
import AgoraSecurity
import AgoraServer
import AgoraWire
import HTTPTypes
import Hummingbird

/// `POST /api/v1/executor` (also `/slave(1)/api/v1/executor`): the Mesos v1 executor API
/// (reference/mesos.md §3.1), so third-party executors work against Agora agents.
struct ExecutorAPI {
    let shell: AgentShell
    let maxRequestBytes: Int
    /// When set, every call must carry `Authorization: Bearer <token>` signed with this key
    /// and naming the call's framework and executor.
    var tokenKey: [UInt8]? = nil

    /// Where executors call; a TLS agent serves these to plaintext executors on its host.
    static let paths: Set<String> = ["/api/v1/executor", "/slave(1)/api/v1/executor"]

    func register(on router: Router<AgoraRequestContext>) {
        for path in Self.paths.sorted() {
            router.post(RouterPath(path), use: self.handle)
            router.rejectMethodsOtherThanPost(on: path)
        }
    }

    func handle(_ request: Request, context: AgoraRequestContext) async throws -> Response {
        var request = request
        let call: ExecutorCallMessage
        switch try await V1Request.decode(ExecutorCallMessage.self, from: &request, limit: self.maxRequestBytes) {
        case .failure(let error): return error.response
        case .success(let decoded): call = decoded.message
        }
        guard call.hasType else { return .text(.badRequest, "Failed to validate executor::Call: Expecting 'type' to be present") }
        if let refusal = self.refusal(of: call, authorization: request.headers[.authorization]) { return refusal }
        switch call.type {
        case .subscribe:
            return await self.subscribe(call, request: request, context: context)
        case .heartbeat:
            return .text(.accepted)
        case .update:
            guard call.hasUpdate else { return .text(.badRequest, "Failed to validate executor::Call: Expecting 'update' to be present") }
        case .message:
            guard call.hasMessage else { return .text(.badRequest, "Failed to validate executor::Call: Expecting 'message' to be present") }
        case .unknown:
            return .text(.notImplemented, "Received an unknown call type")
        }
        return await self.shell.executorCall(call).response
    }

    /// 401 without a valid token, 403 for another executor's; nil when the call may go on.
    private func refusal(of call: ExecutorCallMessage, authorization: String?) -> Response? {
        guard let key = self.tokenKey else { return nil }
        guard let header = authorization, header.hasPrefix("Bearer "),
            let token = ExecutorToken.verify(String(header.dropFirst("Bearer ".count)), key: key)
        else {
            var response = Response.text(.unauthorized, "Executor calls need the token in MESOS_EXECUTOR_AUTHENTICATION_TOKEN")
            response.headers[.wwwAuthenticate] = #"Bearer realm="mesos""#
            return response
        }
        guard token.frameworkID == call.frameworkID.value, token.executorID == call.executorID.value else {
            return .text(.forbidden, "The token is executor '\(token.executorID)' of framework '\(token.frameworkID)', not this call's")
        }
        return nil
    }

    private func subscribe(_ call: ExecutorCallMessage, request: Request, context: AgoraRequestContext) async -> Response {
        guard let encoding = MessageEncoding.negotiate(accept: request.header("Accept")) else {
            return .text(.notAcceptable, "Expecting 'Accept' to allow application/json or application/x-protobuf")
        }
        await self.shell.waitWhileStarting(FrameworkID(call.frameworkID.value), ExecutorID(call.executorID.value))
        let (result, connection, stream) = await self.shell.executorSubscribe(call, encoding: encoding)
        guard let connection, let stream else { return result.response }
        let shell = self.shell
        context.channel.closeFuture.whenComplete { _ in
            Task { await shell.executorStreamClosed(connection) }
        }
        return .stream(stream, headers: [.contentType: encoding.rawValue])
    }
}

extension ExecutorCallResult {
    var response: Response {
        switch self {
        case .accepted: .text(.accepted)
        case .badRequest(let message): .text(.badRequest, message)
        case .forbidden(let message): .text(.forbidden, message)
        }
    }
}
