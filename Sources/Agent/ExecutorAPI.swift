import AgentCore
import AgoraHTTP
import AgoraModel
import AgoraServer
import AgoraWire
import HTTPTypes
import Hummingbird

/// `POST /api/v1/executor` (also `/slave(1)/api/v1/executor`): the Mesos v1 executor API
/// (reference/mesos.md §3.1), so third-party executors work against Agora agents.
struct ExecutorAPI {
    let shell: AgentShell
    let maxRequestBytes: Int

    func register(on router: Router<AgoraRequestContext>) {
        for path in ["/api/v1/executor", "/slave(1)/api/v1/executor"] {
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
