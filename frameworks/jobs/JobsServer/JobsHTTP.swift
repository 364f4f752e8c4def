import AgoraServer
import HTTPTypes
import Hummingbird
import JobsCore
import NIOCore

/// Responses in the shapes both APIs use.
enum JobsHTTP {
    /// A JSON document.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }

    /// Plain text with a `Content-Type` (chronos-python reads it when the body is not JSON).
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 204 with an empty body.
    static var noContent: Response { Response(status: .noContent) }

    /// The answer to a command, in the shape of the API that was called.
    static func response(_ result: JobsCommandResult) -> Response {
        switch result {
        case .noContent: Self.noContent
        case .okEmpty: Response(status: .ok, headers: [.contentLength: "0"])
        case .ok(let json): Self.json(json)
        case .created(let json): Self.json(json, status: .created)
        case .text(let text): Self.text(text)
        case .failed(let error): Self.json(error.json, status: HTTPResponse.Status(code: error.statusCode))
        }
    }

    /// A query result: the value, or the error in its API's shape.
    static func response(_ result: Result<JSONValue, JobsAPIError>) -> Response {
        switch result {
        case .success(let json): Self.json(json)
        case .failure(let error): Self.json(error.json, status: HTTPResponse.Status(code: error.statusCode))
        }
    }

    /// Chronos's error body: `{"status","message"}` (400 unless told otherwise).
    static func chronosError(_ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        Self.json(.object([("status", .string(status.reasonPhrase)), ("message", .string(message))]), status: status)
    }

    /// Metronome's error body: `{"message"}`.
    static func metronomeError(_ message: String, status: HTTPResponse.Status) -> Response {
        Self.json(.object([("message", .string(message))]), status: status)
    }

    /// 503 while this instance cannot serve (no leader yet, or recovering).
    /// 403 with a `{"message"}` body (the ACLs refused the call).
    static func forbidden(_ message: String) -> Response {
        Self.json(.object([("message", .string(message))]), status: .forbidden)
    }

    static func unavailable(_ reason: String) -> Response {
        Self.json(.object([("message", .string("Service unavailable: \(reason)"))]), status: .serviceUnavailable)
    }

    /// Reads and parses a JSON body; nil with the parse problem when it is not JSON.
    static func body(_ request: inout Request, limit: Int) async throws -> Result<JSONValue, JSONSyntaxError> {
        let bytes = try await request.collectBody(limit: limit)
        do {
            return .success(try JSONValue.parse(bytes))
        } catch {
            return .failure(error)
        }
    }
}

extension Request {
    /// A query parameter, percent-decoded.
    func query(_ name: String) -> String? { self.uri.queryParameters.get(name) }

    /// Every value of a repeated query parameter (`embed=a&embed=b`), also comma-separated ones.
    func queryAll(_ name: String) -> [String] {
        self.uri.queryParameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }
    }
}
