import AgoraHTTP
import HTTPTypes
import Hummingbird
import SwiftProtobuf

/// The request checks every v1 endpoint shares: Content-Type present (400) and known
/// (415), body within limits (413), body parses (400).
public enum V1Request {
    /// A parsed call and the encoding it came in.
    public struct Decoded<M> {
        public var message: M
        public var encoding: MessageEncoding
    }

    /// Checks and parses `request`'s body as `type`; a failure carries the response to send.
    public static func decode<M: SwiftProtobuf.Message>(
        _ type: M.Type, from request: inout Request, limit: Int
    ) async throws -> Result<Decoded<M>, ResponseError> {
        guard let contentType = request.header("Content-Type") else {
            return .failure(ResponseError(.text(.badRequest, "Expecting 'Content-Type' to be present")))
        }
        guard let encoding = MessageEncoding(contentType: contentType) else {
            return .failure(ResponseError(.text(
                .unsupportedMediaType, "Expecting 'Content-Type' of application/json or application/x-protobuf")))
        }
        let body = try await request.collectBody(limit: limit)
        do {
            return .success(Decoded(message: try MessageCodec.decode(type, from: body, encoding: encoding), encoding: encoding))
        } catch {
            return .failure(ResponseError(.text(.badRequest, "Failed to parse body into \(Self.name(of: type)): \(error.message)")))
        }
    }

    private static func name<M: SwiftProtobuf.Message>(of type: M.Type) -> String {
        M.protoMessageName.split(separator: ".").suffix(2).joined(separator: "::")
    }
}

/// A ready response carried through `Result`.
public struct ResponseError: Error {
    public let response: Response
    public init(_ response: Response) { self.response = response }
}

extension Router where Context == AgoraRequestContext {
    /// Answers anything but POST on `path` with 405 and `Allow: POST`, as Mesos does.
    public func rejectMethodsOtherThanPost(on path: String) {
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head] {
            self.on(RouterPath(path), method: method) { _, _ in
                Response.text(.methodNotAllowed, "Expecting 'POST'", headers: [.allow: "POST"])
            }
        }
    }
}
