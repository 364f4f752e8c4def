import AgoraHTTP
import HTTPTypes
import Hummingbird
import NIOCore

extension Request {
    /// Reads the whole body, refusing more than `limit` bytes with 413.
    public mutating func collectBody(limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await self.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(.contentTooLarge, message: "Request body exceeds \(limit) bytes")
        }
    }

    /// The value of header `name`, if present.
    public func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { self.headers[$0] }
    }
}

extension Response {
    /// A plain-text response, as Mesos answers errors.
    public static func text(_ status: HTTPResponse.Status, _ message: String = "", headers: HTTPFields = [:]) -> Response {
        var fields = headers
        if !message.isEmpty { fields[.contentType] = "text/plain; charset=utf-8" }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    /// A JSON document.
    public static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }

    /// A message in the negotiated v1 encoding.
    public static func message(_ bytes: [UInt8], encoding: MessageEncoding, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: encoding.rawValue], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A chunked response that streams `chunks` until the sequence finishes.
    public static func stream(
        _ chunks: AsyncStream<[UInt8]>, headers: HTTPFields, status: HTTPResponse.Status = .ok
    ) -> Response {
        Response(status: status, headers: headers, body: ResponseBody { writer in
            for await chunk in chunks {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        })
    }
}

extension HTTPField.Name {
    /// `Mesos-Stream-Id`, which binds calls to an event stream.
    public static let mesosStreamID = HTTPField.Name("Mesos-Stream-Id")!
}
