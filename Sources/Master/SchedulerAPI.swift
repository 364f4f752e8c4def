import AgoraHTTP
import AgoraModel
import AgoraServer
import AgoraWire
import HTTPTypes
import Hummingbird
import MasterCore

/// `POST /api/v1/scheduler` (and `/master/api/v1/scheduler`): the Mesos v1 scheduler API,
/// with Mesos's checks in Mesos's order (reference/mesos.md §1.2).
struct SchedulerAPI {
    let shell: MasterShell
    let maxRequestBytes: Int
    let authorization: MasterAuthorization

    func register(on router: Router<AgoraRequestContext>) {
        for path in ["/api/v1/scheduler", "/master/api/v1/scheduler"] {
            router.post(RouterPath(path), use: self.handle)
            router.rejectMethodsOtherThanPost(on: path)
        }
    }

    func handle(_ request: Request, context: AgoraRequestContext) async throws -> Response {
        if let refusal = await self.shell.routing.refusal(for: request) { return refusal }
        var request = request
        let call: SchedulerCallMessage
        switch try await V1Request.decode(SchedulerCallMessage.self, from: &request, limit: self.maxRequestBytes) {
        case .failure(let error): return error.response
        case .success(let decoded): call = decoded.message
        }
        if call.type == .subscribe { return await self.subscribe(call, request: request, context: context) }
        if call.hasType && call.type == .unknown { return .text(.notImplemented, "Received an unknown call type") }
        guard call.hasFrameworkID else {
            return .text(.badRequest, "Failed to validate scheduler::Call: Expecting 'framework_id' to be present")
        }
        var model: SchedulerCall
        do { model = try SchedulerCallReader.read(call) } catch { return .text(.badRequest, error.message) }
        let frameworkID = FrameworkID(call.frameworkID.value)
        if case .accept(let offerIDs, let operations, let refuseSeconds, _) = model, self.authorization.isEnforcing {
            let user = await self.shell.core.frameworks[frameworkID]?.info.user ?? ""
            let unauthorized = self.authorization.unauthorizedTasks(operations, frameworkUser: user, principal: context.principal)
            model = .accept(offerIDs: offerIDs, operations: operations, refuseSeconds: refuseSeconds, unauthorized: unauthorized)
        }
        let streamID = request.header("Mesos-Stream-Id")
        let result = await self.shell.frameworkCall(model, from: frameworkID, streamID: streamID)
        return result?.response ?? .text(.serviceUnavailable, "Master lost leadership before the call took effect")
    }

    private func subscribe(_ call: SchedulerCallMessage, request: Request, context: AgoraRequestContext) async -> Response {
        guard call.hasSubscribe else {
            return .text(.badRequest, "Failed to validate scheduler::Call: Expecting 'subscribe' to be present")
        }
        let info = call.subscribe.frameworkInfo
        if call.hasFrameworkID != info.hasID || (call.hasFrameworkID && call.frameworkID != info.id) {
            return .text(.badRequest, "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'")
        }
        guard let encoding = MessageEncoding.negotiate(accept: request.header("Accept")) else {
            return .text(.notAcceptable, "Expecting 'Accept' to allow application/json or application/x-protobuf")
        }
        if request.header("Mesos-Stream-Id") != nil {
            return .text(.badRequest, "Subscribe calls should not include the 'Mesos-Stream-Id' header")
        }
        let framework = FrameworkDescriptor(proto: info)
        let refusal = self.authorization.subscribeRefusal(framework, principal: context.principal)
        guard let (connection, streamID, stream) = await self.shell.subscribeFramework(
            framework, suppressedRoles: call.subscribe.suppressedRoles, encoding: encoding, refusal: refusal)
        else { return .text(.serviceUnavailable, "No leader elected") }
        let shell = self.shell
        context.channel.closeFuture.whenComplete { _ in
            Task { await shell.frameworkStreamClosed(connection) }
        }
        return .stream(stream, headers: [.contentType: encoding.rawValue, .mesosStreamID: streamID])
    }
}

extension CallResult {
    /// The HTTP answer Mesos gives for each outcome.
    var response: Response {
        switch self {
        case .accepted: .text(.accepted)
        case .ok: .text(.ok)
        case .badRequest(let message): .text(.badRequest, message)
        case .forbidden(let message): .text(.forbidden, message)
        case .notImplemented(let message): .text(.notImplemented, message)
        }
    }
}
