import AgoraHTTPClient
import AgoraTLS
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// JSON over HTTP to one framework's REST API (the apps framework's Marathon API, the jobs
/// framework's Chronos API): the shared plumbing of `AppsClient` and `JobsClient`.
struct RESTClient: Sendable {
    /// The API's base URL, `http://host:port`.
    let baseURL: String
    /// What the API is called in messages: "the apps framework".
    let name: String
    let http: HTTPClient
    let timeout: Duration

    /// One answer: its status and body.
    struct Answer: Sendable {
        let status: Int
        let body: Data

        /// The body as a JSON value (nil when empty or not JSON).
        var json: Any? {
            guard !self.body.isEmpty else { return nil }
            do { return try JSONSerialization.jsonObject(with: self.body, options: [.fragmentsAllowed]) } catch { return nil }
        }

        /// `message` of a JSON error body, or the body as text.
        var message: String {
            if let object = self.json as? [String: Any], let message = object["message"] as? String {
                guard let details = object["details"] as? String, !details.isEmpty else { return message }
                return message + ": " + details
            }
            return String(decoding: self.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Sends `method path` with an optional JSON body; any status is an answer, only a
    /// transport failure throws.
    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws(OperatorClientError) -> Answer {
        do {
            // https when this process's LIBPROCESS_SSL_* settings turn TLS on.
            var request = HTTPClientRequest(url: try ProcessTLS.url(self.baseURL + path))
            request.method = method
            request.headers.add(name: "Accept", value: "application/json")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await self.http.execute(request, timeout: .init(self.timeout))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            return Answer(status: Int(response.status.code), body: Data(bytes.readableBytesView))
        } catch {
            throw OperatorClientError(kind: .transport, message: "cannot reach \(self.name) at \(self.baseURL): \(error)")
        }
    }

    /// Sends and expects a 2xx; other answers become errors sorted by status.
    func expectSuccess(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws(OperatorClientError) -> Answer {
        let answer = try await self.send(method, path, body: body)
        guard (200..<300).contains(answer.status) else { throw self.failure(answer) }
        return answer
    }

    /// An error answer as an `OperatorClientError`.
    func failure(_ answer: Answer) -> OperatorClientError {
        let kind: OperatorClientError.Kind = switch answer.status {
        case 400, 409, 422: .badRequest
        case 404: .notFound
        case 501: .notImplemented
        case 502, 503: .unavailable
        default: .unexpected
        }
        let message = answer.message.isEmpty ? "\(self.name) answered HTTP \(answer.status)" : answer.message
        return OperatorClientError(kind: kind, status: answer.status, message: message)
    }

    /// Decodes `T` from a JSON value found in an answer.
    static func decode<T: Decodable>(_ type: T.Type, from value: Any?, what: String) throws(OperatorClientError) -> T {
        do {
            guard let value else { throw OperatorClientError(kind: .unexpected, message: "\(what): empty answer") }
            let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as OperatorClientError {
            throw error
        } catch {
            throw OperatorClientError(kind: .unexpected, message: "\(what) does not parse: \(error)")
        }
    }
}

extension Duration {
    /// Whole milliseconds, for the HTTP client's `TimeAmount`.
    var milliseconds: Int64 { self.components.seconds * 1000 + self.components.attoseconds / 1_000_000_000_000_000 }
}

extension TimeAmount {
    init(_ duration: Duration) { self = .milliseconds(duration.milliseconds) }
}
